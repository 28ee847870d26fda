package io.pgward.cli;

import io.pgward.config.ConfigLoader;
import io.pgward.config.LoadResult;
import io.pgward.config.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code pgward lint FILE...}: every problem of each file, with file:line and YAML path; exit 1 on errors. */
@Command(name = "lint", description = "Check pgward/Patroni YAML files; exit 1 when any has errors.")
final class LintCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<Path> files;

    @Override
    public Integer call() {
        int errors = 0;
        int warnings = 0;
        for (Path f : files) {
            LoadResult r = ConfigLoader.loadNode(f, System.getenv());
            for (Problem p : r.problems()) {
                System.out.println(p.format());
            }
            errors += r.errors().size();
            warnings += r.warnings().size();
        }
        System.out.println(files.size() + " file(s) checked: " + errors + " error(s), " + warnings + " warning(s)");
        return errors > 0 ? 1 : 0;
    }
}
