package org.actionbridge.actionurl.internal;

import java.util.List;
import java.util.Map;

import org.actionbridge.actionurl.ActionUrlSetup;
import org.actionbridge.core.Channels;
import org.actionbridge.core.Thing;
import org.actionbridge.core.ThingRegistry;
import org.actionbridge.protocol.ActionUrlGenerator;
import org.actionbridge.protocol.ActionUrlGenerator.ActionUrlLine;
import org.actionbridge.protocol.PhoneModelSeries;
import org.actionbridge.protocol.ProtocolException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.service.http.runtime.HttpServiceRuntimeConstants;

/** Builds the Action URL lines for a phone with the protocol model's generator. */
@Component(service = ActionUrlSetup.class)
public final class ActionUrlSetupImpl implements ActionUrlSetup {

    private final ThingRegistry registry;
    private final ReceiverSettings settings;

    // the HTTP runtime's properties: its endpoints say which port Jetty really listens on
    @Reference(service = HttpServiceRuntime.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Map<String, Object> httpRuntime;

    @Activate
    public ActionUrlSetupImpl(@Reference ThingRegistry registry, @Reference ReceiverSettings settings) {
        this.registry = registry;
        this.settings = settings;
    }

    @Override
    public String receiverBaseUrl() {
        ReceiverSettings.Snapshot s = settings.current();
        String base = s.publicBaseUrl();
        if (base.isEmpty()) {
            Map<String, Object> runtime = httpRuntime;
            base = ReceiverAddress.baseUrl(runtime == null ? null
                    : runtime.get(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT), ReceiverAddress.hostAddress());
        }
        return base + "/actionurl/" + s.token();
    }

    @Override
    public List<ActionUrlLine> lines(String thingId) {
        Thing thing = registry.get(thingId)
                .orElseThrow(() -> new IllegalArgumentException("no thing '" + thingId + "'"));
        // an unknown model gets the X3/X4 lines: they work on every series, X6 only loses its extra variables
        PhoneModelSeries series = thing.state(Channels.MODEL).flatMap(PhoneModelSeries::fromModel)
                .orElse(PhoneModelSeries.X3_X4);
        try {
            return ActionUrlGenerator.forPhone(receiverBaseUrl(), series).lines();
        } catch (ProtocolException e) {
            throw new IllegalArgumentException("publicBaseUrl cannot be used in Action URLs: " + e.getMessage(), e);
        }
    }
}
