package io.pgward.cli;

import io.pgward.Version;
import picocli.AutoComplete;

/**
 * The man page and the bash completion script, generated from the command tree for the Debian package
 * ({@code scripts/package.sh}): {@code java -cp pgward.jar io.pgward.cli.PackageDocs man|bash-completion}.
 * Not a pgward command: an operator never needs it.
 */
public final class PackageDocs {
    private PackageDocs() {}

    public static void main(String[] args) {
        String what = args.length == 1 ? args[0] : "";
        switch (what) {
            case "man" -> System.out.print(ManPage.render(Main.commandLine(), Version.get()));
            case "bash-completion" -> System.out.print(AutoComplete.bash("pgward", Main.commandLine()));
            default -> {
                System.err.println("usage: PackageDocs man|bash-completion");
                System.exit(2);
            }
        }
    }
}
