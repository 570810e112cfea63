package org.actionbridge.actionurl;

import java.util.List;

import org.actionbridge.protocol.ActionUrlGenerator.ActionUrlLine;
import org.osgi.annotation.versioning.ProviderType;

/** What an installer types into a phone's "Action URL Settings" page to make it report to us. */
@ProviderType
public interface ActionUrlSetup {

    /** The receiver's base URL phones call, {@code {publicBaseUrl}/actionurl/{token}}. */
    String receiverBaseUrl();

    /**
     * One line per event for the phone {@code thingId}, with the variables valid for its model series.
     *
     * @throws IllegalArgumentException when there is no such thing
     */
    List<ActionUrlLine> lines(String thingId);
}
