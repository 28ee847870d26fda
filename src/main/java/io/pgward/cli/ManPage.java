package io.pgward.cli;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * pgward(1) in roff, written from the command tree (picocli's {@link CommandSpec}) so the page says what
 * {@code --help} says. picocli-codegen only writes AsciiDoc, which would need asciidoctor (Ruby) at build time; the
 * handful of man macros used here need nothing but the jar.
 */
final class ManPage {

    private static final String DESCRIPTION = "One pgward agent runs beside each PostgreSQL server. The agents agree"
            + " through etcd on which node is the primary, keep streaming replicas following it and fail over when it"
            + " dies. pgward reads Patroni's YAML configuration, writes Patroni's etcd keys and answers Patroni's REST"
            + " API; the other commands are patronictl's verbs for operating a cluster.";
    private static final Set<String> STANDARD_OPTIONS = Set.of("--help", "--version");

    private final StringBuilder out = new StringBuilder();

    private ManPage() {}

    static String render(CommandLine root, String version) {
        return new ManPage().page(root.getCommandSpec(), version);
    }

    private String page(CommandSpec root, String version) {
        line(".TH PGWARD 1 \"\" " + quoted("pgward " + version) + " \"pgward manual\"");
        line(".nh");
        section("NAME");
        line("pgward \\- " + escape(root.usageMessage().description()[0]));
        section("SYNOPSIS");
        synopsis(root);
        section("DESCRIPTION");
        paragraph(DESCRIPTION);
        section("OPTIONS");
        parameters(root, true);
        section("COMMANDS");
        for (CommandSpec sub : subcommands(root)) {
            line(".SS " + escape(sub.name()));
            synopsis(sub);
            for (String text : sub.usageMessage().description()) {
                paragraph(text);
            }
            parameters(sub, false);
        }
        section("EXIT STATUS");
        for (Map.Entry<String, String> code : root.usageMessage().exitCodeList().entrySet()) {
            item(code.getKey().trim(), code.getValue());
        }
        section("FILES");
        item("/etc/pgward/pgward.yml", "The node's configuration (Patroni's format), read by the pgward service.");
        item("/lib/systemd/system/pgward.service", "The service unit: pgward agent as user postgres;"
                + " systemctl reload pgward sends SIGHUP.");
        section("SEE ALSO");
        line("patronictl(1), postgres(1), systemctl(1)");
        return out.toString();
    }

    /** Each command once (picocli lists a command under each of its aliases), hidden ones left out. */
    private static Set<CommandSpec> subcommands(CommandSpec spec) {
        Set<CommandSpec> subs = new LinkedHashSet<>();
        for (CommandLine sub : spec.subcommands().values()) {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                subs.add(sub.getCommandSpec());
            }
        }
        return subs;
    }

    private void synopsis(CommandSpec spec) {
        String text = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF)).synopsis(0).stripTrailing();
        line(".PP");
        line(".nf");
        text.lines().forEach(l -> line(escape(l)));
        line(".fi");
    }

    /**
     * Options and the positional parameters that have a description (the synopsis names the others), without
     * --help and --version below the top level.
     */
    private void parameters(CommandSpec spec, boolean standardToo) {
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden() && !descriptionOf(p).isBlank()) {
                item(p.paramLabel() + (p.arity().max() > 1 ? "..." : ""), descriptionOf(p));
            }
        }
        for (OptionSpec o : spec.options()) {
            if (o.hidden() || (!standardToo && STANDARD_OPTIONS.contains(o.longestName()))) {
                continue;
            }
            String label = String.join(", ", o.names()) + (o.arity().max() > 0 ? "=" + o.paramLabel() : "");
            item(label, descriptionOf(o));
        }
    }

    private static String descriptionOf(ArgSpec arg) {
        return String.join(" ", List.of(arg.description()));
    }

    private void section(String name) {
        line(".SH " + quoted(name));
    }

    private void item(String term, String text) {
        line(".TP");
        line("\\fB" + escape(term) + "\\fR");
        line(escape(text));
    }

    private void paragraph(String text) {
        line(".PP");
        line(escape(text));
    }

    private void line(String roff) {
        out.append(roff).append('\n');
    }

    private static String quoted(String s) {
        return "\"" + escape(s).replace("\"", "\\(dq") + "\"";
    }

    /**
     * Text as roff reads it literally: backslashes escaped, every '-' a plain minus (an option name copied from
     * the page must still work), no control character at the start of a line, one input line per text line.
     */
    static String escape(String text) {
        StringBuilder b = new StringBuilder();
        for (String l : text.split("\n", -1)) {
            if (b.length() > 0) {
                b.append('\n');
            }
            String e = l.replace("\\", "\\e").replace("-", "\\-");
            b.append(e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e);
        }
        return b.toString();
    }
}
