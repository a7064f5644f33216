package graphbuild.neo4j;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Runs a local Neo4j Community DBMS (embedded) that speaks Bolt on 127.0.0.1 only.
 *
 * <p>Usage:
 *
 * <pre>
 *   NEO4J_PASSWORD=... java [JVM flags] -cp 'target/neo4j-launcher.jar:target/lib/*' \
 *       graphbuild.neo4j.Launcher --port 7687 --data /path/to/home [--pagecache 256m]
 * </pre>
 *
 * <p>Each option may also be given as a system property: {@code -Dneo4j.port},
 * {@code -Dneo4j.data}, {@code -Dneo4j.pagecache}, {@code -Dneo4j.password} (the environment
 * variable {@code NEO4J_PASSWORD} is preferred: it does not show up in {@code ps}).
 *
 * <p>On start the password of user {@code neo4j} is set to the given one (auth stays enabled).
 * When Bolt accepts connections a line starting with {@code NEO4J READY} is printed on stdout.
 * The process then runs until it is killed; SIGTERM/SIGINT shut the DBMS down cleanly.
 * Exit codes: 0 after a clean shutdown, 2 for bad arguments, 1 when start-up fails.
 */
public final class Launcher {

    /** Prefix of the line printed once Bolt accepts connections. */
    public static final String READY = "NEO4J READY";

    private Launcher() {}

    public static void main(String[] args) {
        Map<String, String> opts;
        try {
            opts = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ERROR: " + e.getMessage());
            System.err.println(
                    "usage: Launcher [--port 7687] [--data DIR] [--pagecache 256m] [--password PW]"
                            + " (or env NEO4J_PASSWORD)");
            System.exit(2);
            return;
        }
        int port;
        try {
            port = Integer.parseInt(opts.get("port"));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            fail(2, "invalid port: " + opts.get("port"));
            return;
        }
        String password = opts.get("password");
        if (password == null || password.isEmpty()) {
            fail(2, "no password: set env NEO4J_PASSWORD (or pass --password)");
            return;
        }
        if (password.length() < 8) {
            fail(2, "password too short: Neo4j 5 requires at least 8 characters");
            return;
        }
        Path home = Path.of(opts.get("data")).toAbsolutePath().normalize();
        long pageCache = parseBytes(opts.get("pagecache"));
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            fail(1, "cannot create data dir " + home + ": " + e);
            return;
        }
        run(home, port, pageCache, password);
    }

    private static void run(Path home, int port, long pageCache, String password) {
        long t0 = System.nanoTime();
        log("starting Neo4j (home " + home + ", bolt 127.0.0.1:" + port + ", page cache "
                + (pageCache >> 20) + " MiB, max heap " + (Runtime.getRuntime().maxMemory() >> 20)
                + " MiB)");

        SocketAddress bolt = new SocketAddress("127.0.0.1", port);
        DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(home)
                    .setUserLogProvider(new Log4jLogProvider(System.out, Level.INFO))
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, bolt)
                    .setConfig(BoltConnector.advertised_address, bolt)
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .setConfig(BoltConnector.thread_pool_max_size, 64)
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.auth_enabled, true)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                    // A development store: keep transaction logs small.
                    .setConfig(GraphDatabaseSettings.keep_logical_logs, "128M size")
                    .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, 32L << 20)
                    // No usage-data reporting from a local development server.
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    // Netty waits a 5 s quiet period per event-loop group on shutdown (>10 s
                    // per stop); a local server can close its sockets at once.
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout,
                            Duration.ofSeconds(3))
                    .build();
        } catch (RuntimeException e) {
            fail(1, "Neo4j failed to start: " + rootMessage(e));
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log("shutting down");
            try {
                dbms.shutdown();
                log("stopped");
            } catch (RuntimeException e) {
                System.err.println("ERROR: shutdown failed: " + rootMessage(e));
            } finally {
                stopped.countDown();
            }
        }, "neo4j-shutdown"));

        try {
            setPassword(dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), password);
            GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            if (!db.isAvailable(TimeUnit.MINUTES.toMillis(2))) {
                fail(1, "default database did not become available within 2 minutes");
                return;
            }
            waitForBolt(port, 60_000);
        } catch (RuntimeException e) {
            fail(1, "Neo4j start-up failed: " + rootMessage(e));
            return;
        }

        String version = version(dbms);
        System.out.printf(Locale.ROOT, "%s bolt://127.0.0.1:%d (Neo4j %s, pid %d, %.1f s)%n",
                READY, port, version, ProcessHandle.current().pid(), (System.nanoTime() - t0) / 1e9);
        System.out.flush();

        try {
            stopped.await(); // until SIGTERM/SIGINT runs the shutdown hook
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sets the password of user neo4j; an unchanged password is not an error. */
    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
            log("password of user neo4j set");
        } catch (RuntimeException e) {
            String msg = String.valueOf(rootMessage(e)).toLowerCase(Locale.ROOT);
            if (!msg.contains("cannot be the same")) {
                throw e;
            }
            // Same password as before: make sure no change is required, and move on.
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD CHANGE NOT REQUIRED");
            log("password of user neo4j unchanged");
        }
    }

    private static void waitForBolt(int port, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("Bolt does not accept connections on port " + port);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Bolt");
                }
            }
        }
    }

    private static String version(DatabaseManagementService dbms) {
        try {
            return dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "CALL dbms.components() YIELD versions, edition RETURN versions[0] + ' ' + edition AS v",
                    Map.of(), r -> r.hasNext() ? String.valueOf(r.next().get("v")) : "?");
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> o = new java.util.HashMap<>();
        o.put("port", System.getProperty("neo4j.port", "7687"));
        o.put("data", System.getProperty("neo4j.data", "neo4j-home"));
        o.put("pagecache", System.getProperty("neo4j.pagecache", "256m"));
        String pw = System.getenv("NEO4J_PASSWORD");
        o.put("password", pw != null && !pw.isEmpty() ? pw : System.getProperty("neo4j.password"));
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String key;
            String value;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                key = a.substring(2, eq);
                value = a.substring(eq + 1);
            } else if (a.startsWith("--") && i + 1 < args.length) {
                key = a.substring(2);
                value = args[++i];
            } else {
                throw new IllegalArgumentException("unexpected argument: " + a);
            }
            if (!o.containsKey(key)) {
                throw new IllegalArgumentException("unknown option: --" + key);
            }
            o.put(key, value);
        }
        return o;
    }

    private static long parseBytes(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        long mult = 1;
        if (v.endsWith("k")) {
            mult = 1L << 10;
        } else if (v.endsWith("m")) {
            mult = 1L << 20;
        } else if (v.endsWith("g")) {
            mult = 1L << 30;
        }
        if (mult != 1) {
            v = v.substring(0, v.length() - 1);
        }
        try {
            return Long.parseLong(v) * mult;
        } catch (NumberFormatException e) {
            fail(2, "invalid page cache size: " + s + " (examples: 256m, 1g)");
            return 0;
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return c.getClass().getSimpleName() + (m == null ? "" : ": " + m.replace('\n', ' '));
    }

    private static void log(String msg) {
        System.out.println("[launcher] " + msg);
        System.out.flush();
    }

    private static void fail(int code, String msg) {
        System.err.println("ERROR: " + msg);
        System.err.flush();
        System.exit(code); // runs the shutdown hook if the DBMS was already built
    }
}
