package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Questions to the operator on stdin. Answers may be typed or piped; when stdin has none (closed, empty, or
 * exhausted) the command is refused with {@link NoAnswer}, whose message says how to go on without asking
 * (usually {@code --force}).
 */
final class Prompt {

    /** Stdin ended before an answer: the caller did not confirm; exit code 2 (run it differently). */
    static final class NoAnswer extends PgwardException {
        NoAnswer(String message) {
            super(Code.BAD_REQUEST, message);
        }
    }

    /** The operator answered "no": exit code 1. */
    static final class Aborted extends Refused {
        Aborted(String message) {
            super(message);
        }
    }

    private final BufferedReader in;
    private final PrintStream out;
    private final String noAnswerHint;

    /** @param noAnswerHint what to do when stdin gives no answer, e.g. "use --force to skip the confirmation" */
    Prompt(BufferedReader in, PrintStream out, String noAnswerHint) {
        this.in = in;
        this.out = out;
        this.noAnswerHint = noAnswerHint;
    }

    static Prompt stdin(String noAnswerHint) {
        return new Prompt(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out,
                noAnswerHint);
    }

    /** The usual prompt of a command with {@code --force}. */
    static Prompt stdin() {
        return stdin("use --force to skip the confirmation");
    }

    /** Prints a line of the dialogue (candidates, warnings) where the questions go. */
    void say(String line) {
        out.println(line);
    }

    /** Asks a yes/no question, default no; an unclear answer is asked again. */
    boolean confirm(String question) {
        while (true) {
            String a = read(question, " [y/N]: ").toLowerCase(Locale.ROOT);
            if (a.isEmpty() || a.equals("n") || a.equals("no")) {
                return false;
            }
            if (a.equals("y") || a.equals("yes")) {
                return true;
            }
            out.println("Please answer y or n.");
        }
    }

    /** Asks; stops the command with {@link Aborted} unless the answer is yes. */
    void confirmOrAbort(String question) {
        if (!confirm(question)) {
            throw new Aborted("Aborted: nothing was changed.");
        }
    }

    /** Asks for a line of text; an empty answer gives {@code defaultValue} (when it is not null). */
    String ask(String question, String defaultValue) {
        String a = read(question, (defaultValue == null || defaultValue.isEmpty() ? "" : " [" + defaultValue + "]")
                + ": ");
        return a.isEmpty() && defaultValue != null ? defaultValue : a;
    }

    private String read(String question, String suffix) {
        out.print(question + suffix);
        out.flush();
        String line;
        try {
            line = in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (line == null) {
            out.println();
            throw new NoAnswer("no answer to \"" + question + "\" on stdin (not a terminal, or nothing piped): "
                    + noAnswerHint);
        }
        return line.strip();
    }
}
