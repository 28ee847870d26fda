package io.pgward.dcs.etcd;

import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.pgward.dcs.etcd.EtcdClient.JSON;
import static io.pgward.dcs.etcd.EtcdClient.b64;

/** Builders for the JSON pieces of an etcd transaction: comparisons and request operations. */
public final class Ops {
    private Ops() {}

    public static ObjectNode put(String key, String value, long lease) {
        ObjectNode put = JSON.createObjectNode().put("key", b64(key)).put("value", b64(value));
        if (lease != 0) {
            put.put("lease", Long.toString(lease));
        }
        return put;
    }

    public static ObjectNode requestPut(String key, String value, long lease) {
        ObjectNode op = JSON.createObjectNode();
        op.set("request_put", put(key, value, lease));
        return op;
    }

    public static ObjectNode requestDelete(String key) {
        ObjectNode op = JSON.createObjectNode();
        op.putObject("request_delete_range").put("key", b64(key));
        return op;
    }

    /** The key does not exist (it was never created, or was deleted). */
    public static ObjectNode absent(String key) {
        return JSON.createObjectNode().put("key", b64(key)).put("target", "CREATE")
                .put("result", "EQUAL").put("create_revision", "0");
    }

    public static ObjectNode valueEquals(String key, String value) {
        return JSON.createObjectNode().put("key", b64(key)).put("target", "VALUE")
                .put("result", "EQUAL").put("value", b64(value));
    }

    public static ObjectNode modRevisionEquals(String key, long revision) {
        return JSON.createObjectNode().put("key", b64(key)).put("target", "MOD")
                .put("result", "EQUAL").put("mod_revision", Long.toString(revision));
    }
}
