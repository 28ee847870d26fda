package io.pgward.dcs.etcd;

import com.fasterxml.jackson.databind.JsonNode;

/** Fetches and caches an etcd auth token (etcd's simple-token / JWT auth) for user+password access. */
final class EtcdAuth {
    private final String username;
    private final String password;
    private volatile String token;

    EtcdAuth(String username, String password) {
        this.username = username;
        this.password = password == null ? "" : password;
    }

    String token(EtcdClient client, String endpoint) {
        String t = token;
        if (t == null) {
            JsonNode r = client.call("/v3/auth/authenticate",
                    EtcdClient.JSON.createObjectNode().put("name", username).put("password", password));
            t = r.path("token").asText();
            token = t;
        }
        return t;
    }

    void invalidate() {
        token = null;
    }
}
