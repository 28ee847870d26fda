package io.pgward.dcs.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.function.Supplier;

/**
 * The auth token for etcd's user+password access (simple tokens and JWT), fetched when first needed and again after
 * the client found it rejected. Against an etcd without authentication the token is empty: no header is sent.
 */
final class EtcdAuth {
    private final String username;
    private final String password;
    private volatile String token;

    EtcdAuth(String username, String password) {
        this.username = username;
        this.password = password == null ? "" : password;
    }

    /** The body of {@code /v3/auth/authenticate}. */
    ObjectNode request() {
        return EtcdClient.JSON.createObjectNode().put("name", username).put("password", password);
    }

    /** The cached token, or a new one from {@code authenticate} (one call to a member). */
    String token(Supplier<JsonNode> authenticate) {
        String t = token;
        if (t == null) {
            try {
                t = authenticate.get().path("token").asText("");
            } catch (EtcdException e) {
                if (e.getMessage() == null || !e.getMessage().contains("authentication is not enabled")) {
                    throw e;
                }
                t = "";
            }
            token = t;
        }
        return t;
    }

    void invalidate() {
        token = null;
    }
}
