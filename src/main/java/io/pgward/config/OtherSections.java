package io.pgward.config;

import java.util.List;

/** Sections pgward checks but does not keep: log, ctl, watchdog. */
final class OtherSections {

    private OtherSections() {
    }

    /**
     * Patroni's log settings, checked. {@code level} sets the level of pgward's own log lines; the other keys are
     * reported as not used (pgward writes one plain line per event to standard error). Returns the level, or null.
     */
    static String log(Section log) {
        String type = log.oneOf("type", true, List.of("plain", "json"));
        if ("json".equals(type)) {
            log.warning("type", "log type json is accepted for compatibility, not used by pgward yet: it writes"
                    + " plain lines to standard error");
        }
        String level = log.oneOf("level", true, List.of("DEBUG", "INFO", "WARN", "WARNING", "ERROR", "FATAL", "CRITICAL"));
        log.oneOf("traceback_level", false, List.of("DEBUG", "ERROR"));
        log.string("dateformat");
        log.string("dir");
        log.integer("max_queue_size", 1, Integer.MAX_VALUE);
        log.integer("file_num", 0, Integer.MAX_VALUE);
        log.integer("file_size", 0, Long.MAX_VALUE);
        log.integer("mode", 0, 511);
        log.bool("deduplicate_heartbeat_logs");
        log.anyMapping("static_fields");
        log.anyMapping("loggers");
        log.accept("format");
        for (String key : List.of("traceback_level", "format", "dateformat", "static_fields", "max_queue_size",
                "loggers", "deduplicate_heartbeat_logs")) {
            log.unused(key, "pgward's log lines have a fixed plain format");
        }
        for (String key : List.of("dir", "mode", "file_num", "file_size")) {
            log.unused(key, "pgward logs to standard error; the service manager (journald) keeps and rotates them");
        }
        log.finish();
        return level;
    }

    /** patronictl's settings, which pgward's CLI uses the same way; the agent does not use them. */
    static CtlConfig ctl(Section ctl) {
        Credentials auth = AuthBinder.basic(ctl);
        boolean insecure = ctl.bool("insecure", false);
        String cacert = ctl.string("cacert");
        String certfile = ctl.string("certfile");
        String keyfile = ctl.string("keyfile");
        ctl.string("keyfile_password");
        ctl.unused("keyfile_password", "encrypted private keys are not supported: give an unencrypted keyfile");
        if (keyfile != null && certfile == null) {
            ctl.error("keyfile", "keyfile is set but certfile is not: the client certificate goes in ctl.certfile");
        }
        ctl.finish();
        return new CtlConfig(auth, insecure, cacert, certfile, keyfile == null ? certfile : keyfile);
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
