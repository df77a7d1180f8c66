package org.cpmmss.james.store.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

/**
 * A folder's selection read without ORDER BY: rows in key order are taken as they come; rows in any other order (a
 * PostgreSQL plan may give one) are sorted with their flags; a UID read twice is refused.
 */
class FolderSelectionBuilderTest {
    @Test
    void rowsInAnyOrderGiveTheSelectionOfTheSortedRows() {
        FolderSelection sorted = new FolderSelection.Builder(9, 40)
            .add(2, FlagState.SEEN).add(5, FlagState.RECENT).add(7, 0).add(9, FlagState.RECENT | FlagState.SEEN)
            .build();
        FolderSelection shuffled = new FolderSelection.Builder(9, 40)
            .add(7, 0).add(9, FlagState.RECENT | FlagState.SEEN).add(2, FlagState.SEEN).add(5, FlagState.RECENT)
            .build();

        for (FolderSelection s : new FolderSelection[] {sorted, shuffled}) {
            assertThat(s.uids()).containsExactly(2, 5, 7, 9);
            assertThat(s.recentUids()).containsExactly(5, 9);
            assertThat(s.firstUnseen()).isEqualTo(OptionalLong.of(5));
            assertThat(s.unseen()).isEqualTo(2);
            assertThat(s.messages()).isEqualTo(4);
        }
    }

    @Test
    void aUidReadTwiceIsRefused() {
        assertThatThrownBy(() -> new FolderSelection.Builder(3, 3).add(3, 0).add(1, 0).add(3, 0).build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UID 3 twice");
    }
}
