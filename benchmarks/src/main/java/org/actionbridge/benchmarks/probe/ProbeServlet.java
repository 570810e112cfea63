package org.actionbridge.benchmarks.probe;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * {@code GET /bench/bare}: the baseline, answering exactly as the Action URL receiver answers an accepted
 * event (status, content type, cache header, one line) with no work behind it. {@code GET /bench/things}:
 * {@code total unknown online offline} of the thing registry. {@code GET /bench/heap}: used heap in bytes
 * after a full GC. {@code GET /bench/threads}: live threads. {@code GET /bench/jit}: milliseconds the JIT
 * compilers have spent so far (the benchmark warms up until it stops growing).
 */
final class ProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private final transient BundleContext context;

    ProbeServlet(BundleContext context) {
        this.context = context;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String body;
        switch (path) {
        case "/bare":
            body = "accepted";
            break;
        case "/things":
            body = things();
            break;
        case "/heap":
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            System.gc();
            body = String.valueOf(memory.getHeapMemoryUsage().getUsed());
            break;
        case "/threads":
            body = String.valueOf(ManagementFactory.getThreadMXBean().getThreadCount());
            break;
        case "/jit":
            body = String.valueOf(ManagementFactory.getCompilationMXBean().getTotalCompilationTime());
            break;
        default:
            response.setStatus(404);
            body = "unknown probe";
        }
        response.setContentType("text/plain;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(body + "\n");
    }

    /** Reads the registry reflectively, so that the probe also runs in a Karaf without ActionBridge. */
    private String things() {
        ServiceReference<?> reference = context.getServiceReference("org.actionbridge.core.ThingRegistry");
        if (reference == null) {
            return "0 0 0 0";
        }
        Object registry = context.getService(reference);
        try {
            List<?> all = (List<?>) registry.getClass().getMethod("getAll").invoke(registry);
            int unknown = 0;
            int online = 0;
            int offline = 0;
            for (Object thing : all) {
                Object info = thing.getClass().getMethod("status").invoke(thing);
                String status = String.valueOf(info.getClass().getMethod("status").invoke(info));
                switch (status) {
                case "ONLINE":
                    online++;
                    break;
                case "OFFLINE":
                    offline++;
                    break;
                default:
                    unknown++;
                }
            }
            return all.size() + " " + unknown + " " + online + " " + offline;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "error " + e;
        } finally {
            context.ungetService(reference);
        }
    }
}
