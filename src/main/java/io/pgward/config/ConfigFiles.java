package io.pgward.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads a YAML file, or every *.yml / *.yaml file of a directory in name order, deep-merged (last wins). */
final class ConfigFiles {

    private ConfigFiles() {
    }

    /** The merged tree, or null if nothing usable could be read (the reasons are reported). */
    static YNode.Mapping read(Path path, Problems problems) {
        String name = path.toString();
        if (Files.isDirectory(path)) {
            return readDirectory(path, problems);
        }
        if (!Files.exists(path)) {
            problems.error(YNode.Origin.of(name, 0), "", "configuration file or directory does not exist");
            return null;
        }
        return readFile(path, problems);
    }

    private static YNode.Mapping readDirectory(Path dir, Problems problems) {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".yml") || f.getFileName().toString().endsWith(".yaml"))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            problems.error(YNode.Origin.of(dir.toString(), 0), "", "cannot list the directory: " + e.getMessage());
            return null;
        }
        if (files.isEmpty()) {
            problems.error(YNode.Origin.of(dir.toString(), 0), "", "the directory holds no *.yml or *.yaml file");
            return null;
        }
        YNode.Mapping result = null;
        boolean failed = false;
        for (Path file : files) {
            YNode.Mapping tree = readFile(file, problems);
            if (tree == null) {
                failed = true;
            } else {
                result = result == null ? tree : YNode.merge(result, tree);
            }
        }
        return failed ? null : result;
    }

    private static YNode.Mapping readFile(Path file, Problems problems) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            problems.error(YNode.Origin.of(file.toString(), 0), "", "cannot read the file: it is not UTF-8 text");
            return null;
        } catch (IOException | RuntimeException e) {
            problems.error(YNode.Origin.of(file.toString(), 0), "", "cannot read the file: " + e);
            return null;
        }
        return YamlParser.parseDocument(text, file.toString(), problems);
    }
}
