package io.pgward.backup;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The repositories pgBackRest's {@code info} could not read. {@code info} exits 0 and reports a stanza's status as
 * "other" when a repository fails; the reason is only in each repository's own status.
 */
public final class RepoProblems {

    private RepoProblems() {
    }

    /** One line per failed repository of every stanza of info (its JSON array): "repoN: error; what to check". */
    public static List<String> of(Iterable<JsonNode> stanzas) {
        List<String> problems = new ArrayList<>();
        for (JsonNode stanza : stanzas) {
            for (JsonNode repo : stanza.path("repo")) {
                JsonNode status = repo.path("status");
                if (status.path("code").asInt(0) != 0) {
                    String message = status.path("message").asText();
                    problems.add("repo" + repo.path("key").asText() + ": " + message + PgBackRest.hint(message));
                }
            }
        }
        return problems;
    }
}
