package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pgward} command line: the agent and the operator's commands. The exit codes are listed in the help
 * (and so in the man page).
 */
@Command(name = "pgward", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "High-availability manager for PostgreSQL (Patroni-compatible).",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:done", "1:the action failed, or was refused by a member or the operator",
                "2:bad usage, or the cluster (etcd, a member's REST API) could not be reached"},
        subcommands = {AgentCommand.class, LintCommand.class, UpCommand.class, DownCommand.class, ListCommand.class,
                TopologyCommand.class, HistoryCommand.class, SwitchoverCommand.class, FailoverCommand.class,
                RestartCommand.class, ReloadCommand.class, ReinitCommand.class, PauseCommand.class,
                ResumeCommand.class, EditConfigCommand.class, ShowConfigCommand.class, RemoveCommand.class,
                DsnCommand.class, QueryCommand.class, VersionCommand.class, FlushCommand.class, BackupCommand.class,
                WhyCommand.class, HaproxyConfigCommand.class, RestoreCommand.class, PromoteClusterCommand.class,
                DemoteClusterCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    /** The cluster options given before the command, patronictl style: {@code pgward -c node1.yml list}. */
    @picocli.CommandLine.Mixin
    ClusterOptions cluster;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = commandLine();
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("pgward: " + e.getMessage() + hint(e));
            return exitCode(e);
        });
        return cli.execute(args);
    }

    /** The whole command tree, every command with --help and --version (also what the man page and completion describe). */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.getSubcommands().values().forEach(sub -> {
            if (sub.getCommandSpec().optionsMap().get("--help") == null) {
                sub.getCommandSpec().mixinStandardHelpOptions(true);
            }
        });
        return cli;
    }

    /** 1 for a refusal (the cluster, a member or the operator said no), 2 for other pgward errors, else 1. */
    static int exitCode(Exception e) {
        if (e instanceof Refused) {
            return 1;
        }
        return e instanceof PgwardException ? 2 : 1;
    }

    private static String hint(Exception e) {
        if (e instanceof PgwardException p && p.code() == PgwardException.Code.DCS_UNREACHABLE) {
            return "\n  check that etcd is running and reachable at the address of the config file's etcd3 section"
                    + " (or --dcs-url)";
        }
        return "";
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pgward " + Version.get()};
        }
    }
}
