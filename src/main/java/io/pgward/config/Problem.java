package io.pgward.config;

/**
 * One thing wrong (or doubtful) in a configuration, with where it is.
 *
 * @param severity ERROR makes the configuration unusable; WARNING is reported and the configuration is used
 * @param file     the file (or "environment", or the source name given to {@link ConfigLoader#loadString}); null if unknown
 * @param line     1-based line in {@code file}, 0 when there is no line (environment, JSON bodies, missing sections)
 * @param path     the YAML path of the offending key, e.g. {@code postgresql.pg_hba[2]}, or the environment variable
 * @param message  what is wrong and, where possible, what to do
 */
public record Problem(Severity severity, String file, int line, String path, String message) {

    public enum Severity { ERROR, WARNING }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * One line for a terminal or a log, e.g.
     * {@code node1.yml:12: error: postgresql.pg_hba[2]: unknown authentication method 'trsut' (did you mean 'trust'?)}.
     */
    public String format() {
        StringBuilder sb = new StringBuilder(file == null ? "<config>" : file);
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ").append(severity == Severity.ERROR ? "error" : "warning").append(": ");
        if (path != null && !path.isEmpty()) {
            sb.append(path).append(": ");
        }
        return sb.append(message).toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
