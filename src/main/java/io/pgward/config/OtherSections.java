package io.pgward.config;

import java.util.List;

/** Small sections: ctl (kept for the CLI) and watchdog (checked, not kept). */
final class OtherSections {

    private OtherSections() {
    }

    /** patronictl's settings, which pgward's CLI uses the same way; the agent does not use them. */
    static CtlConfig ctl(Section ctl) {
        Credentials auth = AuthBinder.basic(ctl);
        boolean insecure = ctl.bool("insecure", false);
        String cacert = ctl.string("cacert");
        String certfile = ctl.string("certfile");
        String keyfile = ctl.string("keyfile");
        String keyfilePassword = ctl.string("keyfile_password");
        if (keyfile != null && certfile == null) {
            ctl.error("keyfile", "keyfile is set but certfile is not: the client certificate goes in ctl.certfile");
        }
        ctl.finish();
        return new CtlConfig(auth, insecure, cacert, certfile, keyfile == null ? certfile : keyfile, keyfilePassword);
    }

    static void watchdog(Section watchdog) {
        YNode mode = watchdog.node("mode");
        // YAML 1.1 reads an unquoted off as false
        if (mode instanceof YNode.Scalar s && !Boolean.FALSE.equals(s.value())) {
            String value = watchdog.oneOf("mode", true, List.of("off", "automatic", "required"));
            if ("required".equals(value)) {
                watchdog.warning("mode", "watchdog mode 'required' is accepted for compatibility, not used by pgward "
                        + "(pgward does not drive /dev/watchdog: this node will become leader without one, and a hung "
                        + "node is not reset by a watchdog)");
            }
        } else if (mode != null && !(mode instanceof YNode.Scalar)) {
            watchdog.error("mode", "expected off, automatic or required, found " + YNode.describe(mode));
        }
        watchdog.string("device");
        watchdog.integer("safety_margin", -1, Integer.MAX_VALUE);
        watchdog.finish();
    }
}
