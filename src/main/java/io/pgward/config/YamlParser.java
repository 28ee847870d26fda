package io.pgward.config;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns YAML text into {@link YNode}s with line numbers, through SnakeYAML's node API (YAML 1.1 resolution, as
 * PyYAML in Patroni: {@code on} is true, {@code 0755} is octal). Reports syntax errors and duplicate keys.
 */
final class YamlParser {

    private static final int MAX_DEPTH = 64;

    private final String file;
    private final Problems problems;
    private final ScalarValues scalars = new ScalarValues();

    private YamlParser(String file, Problems problems) {
        this.file = file;
        this.problems = problems;
    }

    /**
     * Parses one document whose top level must be a mapping (an empty document is an empty mapping).
     *
     * @return the mapping, or null after a syntax error (reported)
     */
    static YNode.Mapping parseDocument(String text, String file, Problems problems) {
        YNode.Origin top = YNode.Origin.of(file, 0);
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            problems.error(YNode.Origin.of(file, mark == null ? 0 : mark.getLine() + 1), "",
                    "invalid YAML: " + what + context);
            return null;
        } catch (YAMLException e) {
            problems.error(top, "", "invalid YAML: " + e.getMessage());
            return null;
        }
        if (root == null) {
            return YNode.Mapping.empty(top);
        }
        YNode node = new YamlParser(file, problems).convert(root, origin(file, root), "", 0);
        if (node instanceof YNode.Mapping m) {
            return new YNode.Mapping(top, m.entries()); // keys missing at the top level have no line
        }
        if (node instanceof YNode.Scalar s && s.isNull()) {
            return YNode.Mapping.empty(top);
        }
        problems.error(node.origin(), "", "the configuration must be a mapping of keys (name:, scope:, ...), found "
                + YNode.describe(node));
        return null;
    }

    /** Parses a small YAML value (an environment variable holding a list or a mapping), every node at {@code origin}. */
    static YNode parseValue(String text, YNode.Origin origin, Problems problems) {
        try {
            Node root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
            YNode node = root == null ? null : new YamlParser(origin.file(), problems).convert(root, origin, "", 0);
            return node == null ? null : YNode.fromPlain(node.toPlain(), origin);
        } catch (YAMLException e) {
            problems.error(origin, "", "cannot parse '" + text + "': " + e.getMessage().lines().findFirst().orElse(""));
            return null;
        }
    }

    private static YNode.Origin origin(String file, Node node) {
        return YNode.Origin.of(file, node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1);
    }

    private YNode convert(Node node, YNode.Origin origin, String path, int depth) {
        if (depth > MAX_DEPTH) {
            problems.error(origin, path, "nesting deeper than " + MAX_DEPTH + " levels (a recursive alias?)");
            return new YNode.Scalar(origin, "", null);
        }
        if (node instanceof MappingNode m) {
            return convertMapping(m, origin, path, depth);
        }
        if (node instanceof SequenceNode s) {
            List<YNode> items = new ArrayList<>();
            for (Node item : s.getValue()) {
                String itemPath = path + "[" + items.size() + "]";
                items.add(convert(item, origin(file, item), itemPath, depth + 1));
            }
            return new YNode.Sequence(origin, items);
        }
        ScalarNode scalar = (ScalarNode) node;
        Object value;
        try {
            value = scalars.value(scalar);
        } catch (YAMLException e) {
            problems.error(origin, path, "unsupported YAML value '" + scalar.getValue() + "' with tag " + scalar.getTag());
            value = scalar.getValue();
        }
        if (!(value == null || value instanceof String || value instanceof Boolean || value instanceof Number)) {
            value = scalar.getValue(); // timestamps, binary: keep the text
        }
        return new YNode.Scalar(origin, scalar.getValue(), value);
    }

    private YNode.Mapping convertMapping(MappingNode node, YNode.Origin origin, String path, int depth) {
        Map<String, YNode.Entry> merged = new LinkedHashMap<>();
        Map<String, YNode.Entry> explicit = new LinkedHashMap<>();
        for (NodeTuple tuple : node.getValue()) {
            Node keyNode = tuple.getKeyNode();
            Node valueNode = tuple.getValueNode();
            YNode.Origin keyOrigin = origin(file, keyNode);
            if (keyNode.getTag().equals(Tag.MERGE)) {
                mergeInto(merged, valueNode, keyOrigin, path, depth);
                continue;
            }
            if (!(keyNode instanceof ScalarNode keyScalar)) {
                problems.error(keyOrigin, path, "a key must be a plain string, found a "
                        + (keyNode instanceof MappingNode ? "mapping" : "list"));
                continue;
            }
            String key = keyScalar.getValue();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            YNode.Entry previous = explicit.get(key);
            if (previous != null) {
                problems.error(keyOrigin, keyPath, "duplicate key '" + key + "' (first on line "
                        + previous.value().origin().line() + "); YAML keeps only the last one");
            }
            explicit.put(key, new YNode.Entry(key, convert(valueNode, keyOrigin, keyPath, depth + 1)));
        }
        merged.putAll(explicit);
        return new YNode.Mapping(origin, merged);
    }

    /** YAML merge keys ({@code <<: *defaults}): explicit keys of the mapping win over merged ones. */
    private void mergeInto(Map<String, YNode.Entry> merged, Node value, YNode.Origin origin, String path, int depth) {
        List<Node> sources = value instanceof SequenceNode s ? s.getValue() : List.of(value);
        for (Node source : sources) {
            YNode converted = convert(source, origin, path, depth + 1);
            if (converted instanceof YNode.Mapping m) {
                m.entries().forEach(merged::putIfAbsent);
            } else {
                problems.error(origin, path, "'<<' must refer to a mapping, found " + YNode.describe(converted));
            }
        }
    }

    /** SnakeYAML's safe scalar construction (int, float, bool, null, str) for one node. */
    private static final class ScalarValues extends SafeConstructor {

        ScalarValues() {
            super(new LoaderOptions());
        }

        Object value(ScalarNode node) {
            return constructObject(node);
        }
    }
}
