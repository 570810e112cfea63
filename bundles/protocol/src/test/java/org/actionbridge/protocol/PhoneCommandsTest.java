package org.actionbridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PhoneCommandsTest {

    @Test
    void dialIsHandsfreeNumberEnter() throws ProtocolException {
        assertThat(PhoneCommands.dial("0000").toQueryString()).isEqualTo("key=SPEAKER;0000;ENTER");
    }

    @Test
    void dialEncodesPoundAsPercent23() throws ProtocolException {
        assertThat(PhoneCommands.dial("*21#").toQueryString()).isEqualTo("key=SPEAKER;*21%23;ENTER");
        assertThat(PhoneCommands.dial("*21#").toNotifyBody()).isEqualTo("key=SPEAKER;*21#;ENTER");
    }

    @Test
    void dialOnHeadsetAndFromStandby() throws ProtocolException {
        assertThat(PhoneCommands.dialHeadset("000").toQueryString()).isEqualTo("key=F_HEADSET;000;ENTER");
        assertThat(PhoneCommands.dialFromStandby("0000").toQueryString()).isEqualTo("key=0000;ENTER");
    }

    @Test
    void dialRejectsNonDialCharacters() {
        assertThatThrownBy(() -> PhoneCommands.dial("100&key=Reset")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("'&'");
        assertThatThrownBy(() -> PhoneCommands.dial("100;Reset")).hasMessageContaining("';'");
        assertThatThrownBy(() -> PhoneCommands.dial("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> PhoneCommands.dial(null)).hasMessageContaining("empty");
    }

    @Test
    void answerAndHangUpAndReject() {
        assertThat(PhoneCommands.answer().toQueryString()).isEqualTo("key=OK");
        assertThat(PhoneCommands.hangUp().toQueryString()).isEqualTo("key=RELEASE");
        assertThat(PhoneCommands.reject().toQueryString()).isEqualTo("key=F_REJECT");
        assertThat(PhoneCommands.redial().toQueryString()).isEqualTo("key=F_REDIAL");
    }

    @Test
    void holdResumeMuteAreToggles() {
        assertThat(PhoneCommands.hold().toQueryString()).isEqualTo("key=F_HOLD");
        assertThat(PhoneCommands.resume()).isEqualTo(PhoneCommands.hold());
        assertThat(PhoneCommands.mute().toQueryString()).isEqualTo("key=F_MUTE");
        assertThat(PhoneCommands.switchCall().toQueryString()).isEqualTo("key=F_FLASH");
    }

    @Test
    void dnd() {
        assertThat(PhoneCommands.dnd(true).toQueryString()).isEqualTo("key=DNDON");
        assertThat(PhoneCommands.dnd(false).toQueryString()).isEqualTo("key=DNDOFF");
        assertThat(PhoneCommands.dndToggle().toQueryString()).isEqualTo("key=DND");
    }

    @Test
    void volume() throws ProtocolException {
        assertThat(PhoneCommands.volumeUp().toQueryString()).isEqualTo("key=VOLUME_UP");
        assertThat(PhoneCommands.volumeDown().toQueryString()).isEqualTo("key=VOLUME_DOWN");
        assertThat(PhoneCommands.volume(-2).toQueryString()).isEqualTo("key=VOLUME_DOWN;VOLUME_DOWN");
        assertThat(PhoneCommands.volume(1).toQueryString()).isEqualTo("key=VOLUME_UP");
        assertThatThrownBy(() -> PhoneCommands.volume(0)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> PhoneCommands.volume(11)).isInstanceOf(ProtocolException.class);
    }

    /** Spec 3.5: blind transfer with a number. */
    @Test
    void blindTransferFollowsSpec35() throws ProtocolException {
        assertThat(PhoneCommands.blindTransfer("000").toQueryString()).isEqualTo("key=F_TRANSFER;000;F_TRANSFER");
    }

    /** Spec 3.6: attended transfer to 0000, completed with OK once 0000 answers. */
    @Test
    void attendedTransferFollowsSpec36() throws ProtocolException {
        assertThat(PhoneCommands.attendedTransfer("0000").toQueryString()).isEqualTo("key=F_TRANSFER;0000;OK");
        assertThat(PhoneCommands.completeAttendedTransfer().toQueryString()).isEqualTo("key=OK");
    }

    @Test
    void openDoorCarriesTheCode() throws ProtocolException {
        assertThat(PhoneCommands.openDoor("1234").toQueryString()).isEqualTo("key=F_LOCK&code=1234");
        assertThat(PhoneCommands.openDoor("12#").toQueryString()).isEqualTo("key=F_LOCK&code=12%23");
        assertThat(PhoneCommands.openDoor("1234").toString()).doesNotContain("1234");
        assertThatThrownBy(() -> PhoneCommands.openDoor("12&key=Reset")).hasMessageContaining("'&'");
        assertThatThrownBy(() -> PhoneCommands.openDoor("")).hasMessageContaining("empty");
    }

    @Test
    void rebootAndDisplayName() throws ProtocolException {
        assertThat(PhoneCommands.reboot().toQueryString()).isEqualTo("key=F_REBOOT");
        assertThat(PhoneCommands.displayName(1, "Front Desk").toQueryString())
                .isEqualTo("line=1;displayname=Front%20Desk");
        assertThat(PhoneCommands.displayName(1, "Front Desk").toNotifyBody()).isEqualTo("line=1;displayname=Front Desk");
    }

    @Test
    void keysParsesUserSequencesStrictly() throws ProtocolException {
        assertThat(PhoneCommands.keys("SPEAKER;0000;ENTER").toQueryString()).isEqualTo("key=SPEAKER;0000;ENTER");
        assertThatThrownBy(() -> PhoneCommands.keys("OK&code=1")).isInstanceOf(ProtocolException.class);
        assertThat(PhoneCommands.press(Key.MENU).toQueryString()).isEqualTo("key=menu");
        assertThat(PhoneCommands.sendDtmf("1234").toQueryString()).isEqualTo("key=1234");
    }
}
