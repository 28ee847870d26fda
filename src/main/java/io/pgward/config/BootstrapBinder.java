package io.pgward.config;

import java.util.List;
import java.util.Map;

/** The {@code bootstrap} section. */
final class BootstrapBinder {

    private BootstrapBinder() {
    }

    static BootstrapConfig bind(Section b) {
        Section dcs = b.section("dcs");
        DynamicValidator.validate(dcs);
        @SuppressWarnings("unchecked")
        Map<String, Object> dcsMap = (Map<String, Object>) dcs.mapping().toPlain();
        String method = b.string("method");
        if (method != null && !method.equals("initdb")) {
            if (!b.has(method)) {
                b.error("method", "bootstrap.method is '" + method + "' but there is no bootstrap." + method
                        + " section (with its command)");
            }
            b.error("method", NotImplemented.bootstrapMethod(method));
        }
        List<String> initdb = ToolOptions.INITDB.read(b, "initdb");
        String postBootstrap = b.string("post_bootstrap");
        String postInit = b.string("post_init");
        if (postBootstrap != null && postInit != null) {
            b.warning("post_init", "both post_bootstrap and post_init are set; post_bootstrap is used (post_init is "
                    + "its older name)");
        }
        if (b.has("users")) {
            b.warning("users", "bootstrap.users was removed in Patroni 4 and is ignored; create users in the "
                    + "bootstrap.post_bootstrap script");
        }
        if (b.has("pg_hba")) {
            HbaListReader.read(b, "pg_hba");
            b.warning("pg_hba", "bootstrap.pg_hba is Patroni's legacy place for pg_hba and pgward does not use it; "
                    + "move it to postgresql.pg_hba (or bootstrap.dcs.postgresql.pg_hba)");
        }
        b.misplaced("postgresql", "Patroni ignores bootstrap.postgresql: settings for every node belong in "
                + "bootstrap.dcs.postgresql, this node's own settings in postgresql");
        b.finish();
        return new BootstrapConfig(dcsMap, initdb, postBootstrap != null ? postBootstrap : postInit);
    }
}
