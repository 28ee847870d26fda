package io.pgward.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects problems while a configuration is read; a value from the environment is reported by its variable. */
final class Problems {

    private final List<Problem> list = new ArrayList<>();
    private final List<FileChecks.Reference> files = new ArrayList<>();
    private final List<Problem> nodeOnly = new ArrayList<>();

    /**
     * A warning about how this node will run (not about the file's contents), reported only where the file is
     * checked for the node that runs with it (lint, agent start), not when the CLI or a test reads it.
     */
    void nodeWarning(YNode.Origin origin, String path, String message) {
        int before = list.size();
        warning(origin, path, message);
        nodeOnly.add(list.remove(before));
    }

    /** Adds the node-only warnings to the problems. */
    void includeNodeWarnings() {
        list.addAll(nodeOnly);
        nodeOnly.clear();
    }

    /** A file or directory the configuration names, checked on the real filesystem by {@link FileChecks}. */
    void fileReference(FileChecks.Reference reference) {
        files.add(reference);
    }

    List<FileChecks.Reference> fileReferences() {
        return List.copyOf(files);
    }

    void error(YNode.Origin origin, String path, String message) {
        add(Problem.Severity.ERROR, origin, path, message);
    }

    void warning(YNode.Origin origin, String path, String message) {
        add(Problem.Severity.WARNING, origin, path, message);
    }

    private void add(Problem.Severity severity, YNode.Origin origin, String path, String message) {
        if (origin.envVar() != null) {
            list.add(new Problem(severity, origin.file(), 0, origin.envVar(), message));
        } else {
            list.add(new Problem(severity, origin.file(), origin.line(), path, message));
        }
    }

    boolean hasErrors() {
        return list.stream().anyMatch(Problem::isError);
    }

    /** All problems, grouped by file (in order of first appearance) and sorted by line within a file. */
    List<Problem> sorted() {
        Map<String, Integer> fileOrder = new LinkedHashMap<>();
        list.forEach(p -> fileOrder.putIfAbsent(String.valueOf(p.file()), fileOrder.size()));
        List<Problem> copy = new ArrayList<>(list);
        copy.sort(Comparator.comparingInt((Problem p) -> fileOrder.get(String.valueOf(p.file())))
                .thenComparingInt(Problem::line));
        return copy;
    }
}
