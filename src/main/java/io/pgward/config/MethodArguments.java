package io.pgward.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The keys of a custom replica or bootstrap method's section that Patroni passes to its command as --key=value. */
final class MethodArguments {

    private MethodArguments() {}

    /**
     * Every key of {@code method} but {@code skip}, in order, as Patroni formats the value (booleans as True/False);
     * a nested value is an error at its path.
     */
    static Map<String, String> read(Section method, Set<String> skip) {
        Map<String, String> options = new LinkedHashMap<>();
        for (YNode.Entry e : method.mapping().entries().values()) {
            if (skip.contains(e.key())) {
                continue;
            }
            if (e.value() instanceof YNode.Scalar scalar) {
                options.put(e.key(), scalar.value() instanceof Boolean b ? (b ? "True" : "False") : scalar.text());
            } else {
                method.error(e.key(), "expected a single value (it is passed as --" + e.key() + "=value), found "
                        + YNode.describe(e.value()));
            }
            method.accept(e.key());
        }
        return options;
    }
}
