package org.actionbridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyTest {
    private static final Set<Key> SEEN = EnumSet.noneOf(Key.class);

    /**
     * Spec 3.3, one row per key instruction: the spellings of the row (space separated, as the spec writes
     * them), the key, its group and the series it works on (ALL, X4, X6).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            SPEAKER F_HANDFREE F_HANDSFREE | SPEAKER           | DIAL          | ALL
            F_HEADSET HEADSET              | HEADSET           | DIAL          | ALL
            F_PREFIX                       | PREFIX            | DIAL          | ALL
            OK ENTER F_OK                  | OK                | ANSWER        | ALL
            F_ACCEPT                       | ACCEPT            | ANSWER        | ALL
            F_LOR                          | CALL_BACK         | CALL          | ALL
            RD F_REDIAL                    | REDIAL            | CALL          | ALL
            F_SEND                         | SEND              | CALL          | ALL
            RELEASE F_RELEASE              | RELEASE           | HANG_UP       | ALL
            F_CANCEL X                     | CANCEL            | HANG_UP       | ALL
            F_REJECT                       | REJECT            | HANG_UP       | ALL
            F_TRANSFER                     | TRANSFER          | TRANSFER      | ALL
            F_B_TRANSFER                   | BLIND_TRANSFER    | TRANSFER      | ALL
            F_A_TRANSFER                   | ATTENDED_TRANSFER | TRANSFER      | ALL
            F_DIVERT                       | DIVERT            | TRANSFER      | ALL
            F_CONFERENCE                   | CONFERENCE        | CONFERENCE    | ALL
            F_JOIN                         | JOIN              | CONFERENCE    | ALL
            DND                            | DND               | ADVANCED      | ALL
            DNDON                          | DND_ON            | ADVANCED      | ALL
            DNDOFF                         | DND_OFF           | ADVANCED      | ALL
            F_PICKUP                       | PICKUP            | ADVANCED      | ALL
            F_PARK                         | PARK              | ADVANCED      | ALL
            F_AUTOREDIAL                   | AUTO_REDIAL       | ADVANCED      | X4
            F_UNAUTOREDIAL                 | UNAUTO_REDIAL     | ADVANCED      | X4
            F_HOLD                         | HOLD              | ADVANCED      | ALL
            F_0                            | DIGIT_0           | ADVANCED      | ALL
            F_1                            | DIGIT_1           | ADVANCED      | ALL
            F_2                            | DIGIT_2           | ADVANCED      | ALL
            F_3                            | DIGIT_3           | ADVANCED      | ALL
            F_4                            | DIGIT_4           | ADVANCED      | ALL
            F_5                            | DIGIT_5           | ADVANCED      | ALL
            F_6                            | DIGIT_6           | ADVANCED      | ALL
            F_7                            | DIGIT_7           | ADVANCED      | ALL
            F_8                            | DIGIT_8           | ADVANCED      | ALL
            F_9                            | DIGIT_9           | ADVANCED      | ALL
            * F_* F_STAR                   | STAR              | ADVANCED      | ALL
            '# POUND F_POUND'              | POUND             | ADVANCED      | ALL
            F_REC                          | RECORD            | ADVANCED      | ALL
            F_FLASH                        | FLASH             | ADVANCED      | ALL
            F_GROUPLISTEN                  | GROUP_LISTEN      | ADVANCED      | ALL
            exit                           | EXIT              | ADVANCED      | X6
            clear                          | CLEAR             | ADVANCED      | X6
            split                          | SPLIT             | ADVANCED      | X6
            prev_line                      | PREV_LINE         | ADVANCED      | X6
            next_line                      | NEXT_LINE         | ADVANCED      | X6
            prev_call                      | PREV_CALL         | ADVANCED      | X6
            next_call                      | NEXT_CALL         | ADVANCED      | X6
            F_DISPOSITION                  | DISPOSITION       | BROADSOFT     | ALL
            F_ESCALATE                     | ESCALATE          | BROADSOFT     | ALL
            F_TRACE                        | TRACE             | BROADSOFT     | ALL
            F_PRIVATEHOLD                  | PRIVATE_HOLD      | BROADSOFT     | ALL
            VOLUME_UP F_VOLUME_UP          | VOLUME_UP         | VOLUME        | ALL
            VOLUME_DOWN F_VOLUME_DOWN      | VOLUME_DOWN       | VOLUME        | ALL
            F_MUTE MUTE                    | MUTE              | VOLUME        | ALL
            L1 F_L1                        | L1                | DSS_KEYS      | X4
            L2 F_L2                        | L2                | DSS_KEYS      | X4
            L3 F_L3                        | L3                | DSS_KEYS      | X4
            L4 F_L4                        | L4                | DSS_KEYS      | X4
            L5 F_L5                        | L5                | DSS_KEYS      | X4
            L6 F_L6                        | L6                | DSS_KEYS      | X4
            F_D1                           | D1                | DSS_KEYS      | X4
            F_D2                           | D2                | DSS_KEYS      | X4
            F_D3                           | D3                | DSS_KEYS      | X4
            F_D4                           | D4                | DSS_KEYS      | X4
            F_D5                           | D5                | DSS_KEYS      | X4
            F_D6                           | D6                | DSS_KEYS      | X4
            F_D7                           | D7                | DSS_KEYS      | X4
            F_D8                           | D8                | DSS_KEYS      | X4
            F_D9                           | D9                | DSS_KEYS      | X4
            F_D10                          | D10               | DSS_KEYS      | X4
            F_D11                          | D11               | DSS_KEYS      | X4
            F_D12                          | D12               | DSS_KEYS      | X4
            DSS1                           | DSS1              | DSS_KEYS      | X6
            DSS2                           | DSS2              | DSS_KEYS      | X6
            DSS3                           | DSS3              | DSS_KEYS      | X6
            DSS4                           | DSS4              | DSS_KEYS      | X6
            DSS5                           | DSS5              | DSS_KEYS      | X6
            DSS6                           | DSS6              | DSS_KEYS      | X6
            DSS7                           | DSS7              | DSS_KEYS      | X6
            DSS8                           | DSS8              | DSS_KEYS      | X6
            DSS9                           | DSS9              | DSS_KEYS      | X6
            DSS10                          | DSS10             | DSS_KEYS      | X6
            DSS11                          | DSS11             | DSS_KEYS      | X6
            DSS12                          | DSS12             | DSS_KEYS      | X6
            F1 F_F1                        | SOFTKEY_1         | DSS_KEYS      | ALL
            F2 F_F2                        | SOFTKEY_2         | DSS_KEYS      | ALL
            F3 F_F3                        | SOFTKEY_3         | DSS_KEYS      | ALL
            F4 F_F4                        | SOFTKEY_4         | DSS_KEYS      | ALL
            F_AGENT                        | AGENT             | APPS          | ALL
            MSG F_MWI                      | VOICEMAIL         | APPS          | ALL
            F_MEMO                         | MEMO              | APPS          | ALL
            F_PBOOK                        | PHONEBOOK         | APPS          | ALL
            F_LOCALCONTACTS                | LOCAL_CONTACTS    | APPS          | ALL
            F_SERVICE                      | NETWORK_PHONEBOOK | APPS          | ALL
            F_SMS                          | SMS               | APPS          | ALL
            F_LOCK                         | LOCK              | APPS          | ALL
            F_SDTMF                        | HIDE_DTMF         | APPS          | ALL
            F_CFWD                         | CALL_FORWARD      | APPS          | ALL
            F_HOTDESKING                   | HOTDESKING        | CONFIGURATION | ALL
            Reboot F_REBOOT                | REBOOT            | CONFIGURATION | ALL
            AutoP                          | AUTO_PROVISION    | CONFIGURATION | ALL
            Reset                          | RESET             | CONFIGURATION | ALL
            UP F_UP                        | UP                | NAVIGATION    | ALL
            DOWN F_DOWN                    | DOWN              | NAVIGATION    | ALL
            LEFT F_LEFT                    | LEFT              | NAVIGATION    | ALL
            RIGHT F_RIGHT                  | RIGHT             | NAVIGATION    | ALL
            F_DELETE DELETE                | DELETE            | NAVIGATION    | ALL
            menu                           | MENU              | NAVIGATION    | X6
            """)
    void everySpecInstructionRowIsInTheCatalogue(String spellings, Key key, KeyGroup group, String models)
            throws ProtocolException {
        SEEN.add(key);
        List<String> tokens = Arrays.asList(spellings.split(" "));

        assertThat(key.tokens()).containsExactlyElementsOf(tokens);
        assertThat(key.group()).isEqualTo(group);
        assertThat(key.description()).isNotBlank();
        assertThat(key.models()).isEqualTo(switch (models) {
            case "X4" -> EnumSet.of(PhoneModelSeries.X3_X4);
            case "X6" -> EnumSet.of(PhoneModelSeries.X6);
            default -> EnumSet.allOf(PhoneModelSeries.class);
        });
        for (String token : tokens) {
            assertThat(Key.fromToken(token)).contains(key);
            assertThat(Key.fromToken(token.toLowerCase())).contains(key);
            assertThat(Key.canonicalSpelling(token.toUpperCase())).contains(token);
            if (!token.equals("*") && !token.equals("#")) {
                KeySequence parsed = KeySequence.parse(token);
                assertThat(parsed.keys()).containsExactly(key);
                assertThat(parsed.render()).isEqualTo(token);
                assertThat(PhoneCommands.keys(token.toLowerCase()).toQueryString()).isEqualTo("key=" + token);
            }
        }
    }

    @AfterAll
    static void theTableCoversTheWholeCatalogue() {
        assertThat(SEEN).containsExactlyInAnyOrder(Key.values());
    }

    @Test
    void tokensAreUniqueAcrossKeys() {
        Set<String> seen = new HashSet<>();
        for (Key k : Key.values()) {
            for (String t : k.tokens()) {
                assertThat(seen.add(t.toUpperCase())).as(t).isTrue();
            }
        }
    }

    @Test
    void unknownTokensAreEmpty() {
        assertThat(Key.fromToken("F_NOPE")).isEmpty();
        assertThat(Key.fromToken("")).isEmpty();
        assertThat(Key.fromToken(null)).isEmpty();
        assertThat(Key.fromToken("ОK")).as("Cyrillic O").isEmpty();
    }

    @Test
    void everyGroupButDoorHasKeys() {
        for (KeyGroup g : KeyGroup.values()) {
            boolean any = Arrays.stream(Key.values()).anyMatch(k -> k.group() == g);
            assertThat(any).as(g.name()).isEqualTo(g != KeyGroup.DOOR);
            assertThat(g.heading()).isNotBlank();
        }
    }
}
