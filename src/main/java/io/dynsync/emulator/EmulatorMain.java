package io.dynsync.emulator;

import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Starts an emulator from the command line and prints its base URL, then the authority URL on a second line
 * ({@code authority <url>}):
 * {@code --port 8089 --seed 42 --count leads=100000 --auth none|token --token T --clock 2024-05-01T00:00:00Z
 * --tls --tenant <id> --token-lifetime <seconds>}. Runs until the process is stopped.
 */
public final class EmulatorMain {
    private EmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmulatorOptions options = EmulatorOptions.defaults();
        String token = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--help") || flag.equals("-h")) {
                    usage();
                    return;
                }
                if (flag.equals("--tls")) {
                    options = options.tls(true);
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + flag);
                }
                String value = args[++i];
                switch (flag) {
                    case "--port" -> options = options.port(Integer.parseInt(value));
                    case "--seed" -> options = options.seed(Long.parseLong(value));
                    case "--count" -> {
                        String[] kv = value.split("=", 2);
                        if (kv.length != 2) {
                            throw new IllegalArgumentException("--count expects set=n, e.g. leads=100000");
                        }
                        options = options.count(kv[0], Integer.parseInt(kv[1]));
                    }
                    case "--auth" -> options = options.authMode(
                            EmulatorOptions.AuthMode.valueOf(value.toUpperCase(Locale.ROOT)));
                    case "--token" -> token = value;
                    case "--clock" -> options = options.startClockAt(Instant.parse(value));
                    case "--tenant" -> options = options.tenantId(value);
                    case "--token-lifetime" -> options = options.tokenLifetime(
                            java.time.Duration.ofSeconds(Long.parseLong(value)));
                    default -> throw new IllegalArgumentException("unknown flag " + flag);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            usage();
            System.exit(2);
            return;
        }
        DataverseEmulator emulator = DataverseEmulator.start(options);
        if (token != null) {
            emulator.acceptToken(token);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
        System.out.println(emulator.baseUrl());
        System.out.println("authority " + emulator.authorityUrl());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static void usage() {
        System.err.println("usage: EmulatorMain [--port 8089] [--seed 42] [--count leads=100000]... "
                + "[--auth none|token] [--token T] [--clock 2024-05-01T00:00:00Z] [--tls] [--tenant ID] "
                + "[--token-lifetime SECONDS]");
    }
}
