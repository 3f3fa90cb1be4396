package io.copygate.broker.ninjatrader;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@code bridge-ninjatrader/build.sh --test}, run once per test JVM: it builds the add-on, its test host
 * and its C# tests with Mono, and runs those tests. The build test checks the result; the end-to-end
 * tests need the host it builds.
 */
final class BridgeBuild {
    static final Path DIR = Path.of("bridge-ninjatrader");
    static final Path HOST = DIR.resolve("build/CopygateBridgeHost.exe");

    record Result(int exitCode, String output) {
        String closingLine() {
            String[] lines = output.strip().split("\\R");
            return lines.length == 0 ? "" : lines[lines.length - 1].strip();
        }
    }

    private static Result result;

    private BridgeBuild() {
    }

    static synchronized Result buildAndTest() {
        if (result == null) {
            requireMono();
            result = run();
        }
        return result;
    }

    /** Fails with the build's output when the host could not be built. */
    static void requireHost() {
        Result r = buildAndTest();
        if (!r.output().contains("build.sh: built") || !Files.isRegularFile(HOST)) {
            throw new AssertionError("bridge-ninjatrader/build.sh did not build the test host (exit " + r.exitCode() + "):\n" + r.output());
        }
    }

    private static void requireMono() {
        for (String tool : new String[] {"mcs", "mono"}) {
            if (!onPath(tool)) {
                throw new AssertionError("'" + tool + "' (Mono) is not installed, so the NinjaTrader add-on cannot be built or "
                        + "tested: apt-get update && apt-get install -y mono-devel (.ci/run installs it)");
            }
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static Result run() {
        try {
            Path log = Files.createTempFile("bridge-build", ".log");
            Process p = new ProcessBuilder("bash", DIR.resolve("build.sh").toString(), "--test")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Result(-1, Files.readString(log, StandardCharsets.UTF_8) + "\n(build.sh --test did not finish in 5 minutes)");
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run bridge-ninjatrader/build.sh: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while building the add-on", e);
        }
    }
}
