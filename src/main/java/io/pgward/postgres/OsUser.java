package io.pgward.postgres;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;

/**
 * The OS account PostgreSQL runs as. PostgreSQL refuses to run as root, so an agent started as root runs every
 * PostgreSQL binary through {@code setpriv} as this user (default {@code postgres}); an agent started as that
 * user runs them directly.
 */
public record OsUser(String name, String group, boolean agentIsRoot) {

    public static OsUser detect(String wanted) {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root) {
            String me = System.getProperty("user.name");
            return new OsUser(me, primaryGroup(me), false);
        }
        return new OsUser(wanted, primaryGroup(wanted), true);
    }

    private static String primaryGroup(String user) {
        try {
            Process p = new ProcessBuilder("id", "-gn", user).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor() != 0) {
                throw new PgwardException(Code.OS_FAILED, "OS user '" + user + "' does not exist: create it"
                        + " (useradd --system postgres) or run the agent as the user that should own PostgreSQL");
            }
            return out;
        } catch (IOException e) {
            throw new PgwardException(Code.OS_FAILED, "cannot look up OS user " + user + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PgwardException(Code.OS_FAILED, "interrupted looking up OS user " + user);
        }
    }

    /** The command line that runs {@code command} as this user. */
    public List<String> wrap(List<String> command) {
        if (!agentIsRoot) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + name, "--regid=" + group,
                "--init-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Gives {@code path} to this user (only possible, and only needed, when the agent is root). */
    public void own(Path path) {
        if (!agentIsRoot) {
            return;
        }
        try {
            UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal user = lookup.lookupPrincipalByName(name);
            GroupPrincipal grp = lookup.lookupPrincipalByGroupName(group);
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            view.setOwner(user);
            view.setGroup(grp);
        } catch (IOException e) {
            throw new PgwardException(Code.OS_FAILED, "cannot give " + path + " to " + name + ": " + e.getMessage(), e);
        }
    }

    public boolean owns(Path path) throws IOException {
        return Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName().equals(name);
    }
}
