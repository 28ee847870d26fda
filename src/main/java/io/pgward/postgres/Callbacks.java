package io.pgward.postgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Patroni's {@code postgresql.callbacks}: on a PostgreSQL event the configured command runs, without waiting, as
 * {@code <command> <action> <role> <scope>} under the PostgreSQL OS user. As in Patroni one callback runs at a time
 * (a new one kills the previous one and its children), except {@code on_reload}, which has its own slot. The role
 * is Patroni 3's word: {@code master} for a primary, {@code replica} otherwise.
 */
public final class Callbacks {

    public static final String ON_START = "on_start";
    public static final String ON_STOP = "on_stop";
    public static final String ON_RESTART = "on_restart";
    public static final String ON_RELOAD = "on_reload";
    public static final String ON_ROLE_CHANGE = "on_role_change";

    private static final Logger log = LoggerFactory.getLogger(Callbacks.class);

    private final Map<String, String> commands;
    private final String scope;
    private final OsUser user;
    private Process running;
    private Process reloading;

    public Callbacks(Map<String, String> commands, String scope, OsUser user) {
        this.commands = Map.copyOf(commands);
        this.scope = scope;
        this.user = user;
    }

    /** Starts the command configured for {@code action}, if any; never throws. */
    public synchronized void fire(String action, boolean primary) {
        String command = action.startsWith("on_") ? commands.get(action) : null;
        if (command == null || command.isBlank()) {
            return;
        }
        String role = primary ? "master" : "replica";
        try {
            List<String> argv = new ArrayList<>(ShellWords.split(command));
            argv.addAll(List.of(action, role, scope));
            boolean reload = action.equals(ON_RELOAD);
            kill(reload ? reloading : running);
            Process p = new ProcessBuilder(user.wrap(argv)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            if (reload) {
                reloading = p;
            } else {
                running = p;
            }
            log.info("callback {} started: {} (pid {})", action, String.join(" ", argv), p.pid());
        } catch (Exception e) {
            log.warn("callback {} could not be started ({}): {}", action, command, e.getMessage());
        }
    }

    private static void kill(Process p) {
        if (p != null && p.isAlive()) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            log.info("killed the previous callback (pid {}) that was still running", p.pid());
        }
    }
}
