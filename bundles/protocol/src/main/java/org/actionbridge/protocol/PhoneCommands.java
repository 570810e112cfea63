package org.actionbridge.protocol;

/** High-level phone commands built from Active URI keys. SKELETON: the protocol model issue fills this in. */
public final class PhoneCommands {
    private PhoneCommands() {
    }

    public static ActiveUriInstruction keys(String keySequence) throws ProtocolException { throw new ProtocolException("skeleton"); }
    public static ActiveUriInstruction dial(String number) throws ProtocolException { throw new ProtocolException("skeleton"); }
    public static ActiveUriInstruction answer() { throw new UnsupportedOperationException("skeleton"); }
    public static ActiveUriInstruction hangUp() { throw new UnsupportedOperationException("skeleton"); }
    public static ActiveUriInstruction hold() { throw new UnsupportedOperationException("skeleton"); }
    public static ActiveUriInstruction mute() { throw new UnsupportedOperationException("skeleton"); }
    public static ActiveUriInstruction dnd(boolean on) { throw new UnsupportedOperationException("skeleton"); }
    public static ActiveUriInstruction dndToggle() { throw new UnsupportedOperationException("skeleton"); }
    public static ActiveUriInstruction blindTransfer(String number) throws ProtocolException { throw new ProtocolException("skeleton"); }
    public static ActiveUriInstruction attendedTransfer(String number) throws ProtocolException { throw new ProtocolException("skeleton"); }
    public static ActiveUriInstruction openDoor(String code) throws ProtocolException { throw new ProtocolException("skeleton"); }
    public static ActiveUriInstruction reboot() { throw new UnsupportedOperationException("skeleton"); }
    public static ActiveUriInstruction displayName(int line, String name) throws ProtocolException { throw new ProtocolException("skeleton"); }
}
