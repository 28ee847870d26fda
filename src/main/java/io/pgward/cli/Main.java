package io.pgward.cli;

import io.pgward.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pgward} command line: the agent and the operator's commands. */
@Command(name = "pgward", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "High-availability manager for PostgreSQL (Patroni-compatible).",
        subcommands = {AgentCommand.class, LintCommand.class, UpCommand.class, DownCommand.class, ListCommand.class,
                HistoryCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("pgward: " + e.getMessage());
            return e instanceof io.pgward.PgwardException ? 2 : 1;
        });
        return cli.execute(args);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pgward " + Version.get()};
        }
    }
}
