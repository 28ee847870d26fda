package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Choosing members of a cluster view by name and role, as patronictl does. */
final class Members {
    private Members() {}

    /** The roles a command can filter on; {@code master} and {@code primary} are the same. */
    enum Role {
        LEADER, PRIMARY, STANDBY_LEADER, REPLICA, ANY;

        static Role parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT).replace('_', '-')) {
                case "leader" -> LEADER;
                case "primary", "master" -> PRIMARY;
                case "standby-leader" -> STANDBY_LEADER;
                case "replica" -> REPLICA;
                case "any" -> ANY;
                default -> throw new PgwardException(Code.BAD_REQUEST, "unknown role '" + s
                        + "': use leader, primary, standby-leader, replica or any");
            };
        }

        /** As typed on the command line: {@code standby-leader}. */
        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The value of {@code role} in a {@code POST /restart} body for a member chosen by this role; null: none. */
        String restartFilter(Member m) {
            return switch (this) {
                case ANY -> null;
                case REPLICA -> "replica";
                case PRIMARY -> "primary";
                case STANDBY_LEADER -> "standby_leader";
                case LEADER -> "standby_leader".equals(m.role()) ? "standby_leader" : "primary";
            };
        }
    }

    /** Picocli converter so options can be typed as {@link Role}. */
    static final class RoleConverter implements picocli.CommandLine.ITypeConverter<Role> {
        @Override
        public Role convert(String value) {
            return Role.parse(value);
        }
    }

    static boolean hasRole(ClusterView view, Member m, Role role) {
        boolean leader = view.isLeader(m.name());
        return switch (role) {
            case ANY -> true;
            case LEADER -> leader;
            case PRIMARY -> leader && !"standby_leader".equals(m.role());
            case STANDBY_LEADER -> leader && "standby_leader".equals(m.role());
            case REPLICA -> !leader;
        };
    }

    /**
     * The members named (all when {@code names} is empty) that have {@code role}, in the view's order. A leading
     * argument equal to the cluster name is skipped (patronictl takes {@code CLUSTER [MEMBER...]}) unless a member
     * has that name. Unknown names fail, listing the members there are.
     */
    static List<Member> select(ClusterView view, String scope, List<String> names, Role role) {
        List<String> wanted = withoutClusterName(view, scope, names);
        for (String n : wanted) {
            if (view.member(n).isEmpty()) {
                throw unknown(view, scope, n);
            }
        }
        List<Member> out = new ArrayList<>();
        for (Member m : view.members()) {
            if ((wanted.isEmpty() || wanted.contains(m.name())) && hasRole(view, m, role)) {
                out.add(m);
            }
        }
        return out;
    }

    static List<String> withoutClusterName(ClusterView view, String scope, List<String> names) {
        if (names == null || names.isEmpty()) {
            return List.of();
        }
        if (names.get(0).equals(scope) && view.member(scope).isEmpty()) {
            return List.copyOf(names.subList(1, names.size()));
        }
        return List.copyOf(names);
    }

    /**
     * One member for dsn/query: the one named, else the first with {@code role} (leader first for ANY; a replica
     * must be running).
     * Empty when none has the role.
     */
    static Optional<Member> pick(ClusterView view, String scope, String name, Role role) {
        if (name != null) {
            return Optional.of(view.member(name).orElseThrow(() -> unknown(view, scope, name)));
        }
        return leaderFirst(view).stream().filter(m -> hasRole(view, m, role))
                .filter(m -> role != Role.REPLICA || m.isRunning())
                .findFirst();
    }

    /** Members that may take over in a switchover or failover: running, not the leader, not nofailover. */
    static List<Member> candidates(ClusterView view) {
        return view.members().stream()
                .filter(m -> !view.isLeader(m.name()) && m.isRunning() && !m.nofailover())
                .toList();
    }

    /** Every member, the leader first: the order in which to try a cluster-wide REST call. */
    static List<Member> leaderFirst(ClusterView view) {
        List<Member> out = new ArrayList<>();
        view.leaderMember().ifPresent(out::add);
        for (Member m : view.members()) {
            if (!view.isLeader(m.name())) {
                out.add(m);
            }
        }
        return out;
    }

    static PgwardException unknown(ClusterView view, String scope, String name) {
        return new PgwardException(Code.BAD_REQUEST, "member '" + name + "' is not in cluster '" + scope
                + "'; its members are: " + String.join(", ", view.members().stream().map(Member::name).toList()));
    }
}
