package io.pgward.config;

import java.util.List;

/** Sections pgward checks but does not keep: log, ctl, watchdog. */
final class OtherSections {

    private OtherSections() {
    }

    /** Patroni's log settings: checked, otherwise cosmetic (pgward logs through SLF4J/Logback). */
    static void log(Section log) {
        log.oneOf("type", true, List.of("plain", "json"));
        log.oneOf("level", true, List.of("DEBUG", "INFO", "WARN", "WARNING", "ERROR", "FATAL", "CRITICAL"));
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
        log.finish();
    }

    /** patronictl's own settings; the agent does not use them. */
    static void ctl(Section ctl) {
        Section auth = ctl.section("authentication");
        auth.string("username");
        auth.string("password");
        auth.finish();
        ctl.bool("insecure");
        for (String key : List.of("cacert", "certfile", "keyfile", "keyfile_password")) {
            ctl.string(key);
        }
        ctl.finish();
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
