package org.actionbridge.benchmarks.probe;

import java.util.Hashtable;

import javax.servlet.Servlet;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The benchmark probe bundle, dropped into {@code deploy/} of a benchmark copy of the distribution only:
 * registers {@link ProbeServlet} on the HTTP Whiteboard under {@code /bench/*}. Never part of the product.
 */
public final class ProbeActivator implements BundleActivator {

    private ServiceRegistration<Servlet> registration;

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("osgi.http.whiteboard.servlet.pattern", "/bench/*");
        properties.put("osgi.http.whiteboard.servlet.name", "actionbridge-bench-probe");
        registration = context.registerService(Servlet.class, new ProbeServlet(context), properties);
    }

    @Override
    public void stop(BundleContext context) {
        if (registration != null) {
            registration.unregister();
        }
    }
}
