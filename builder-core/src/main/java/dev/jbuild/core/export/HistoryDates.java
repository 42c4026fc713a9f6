package dev.jbuild.core.export;

import dev.jbuild.core.image.History;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Dates the history entries a build left undated (config-only steps without
 * SOURCE_DATE_EPOCH) the way BuildKit's image exporter does: an undated entry takes the time
 * of the first dated entry after an undated one (the first new layer), or, once a later layer
 * has a time, that layer's; and the image is as old as its last entry. So an image built again
 * from the cache has the same dates, and the same digest, as the first time.
 */
final class HistoryDates {

    private HistoryDates() {
    }

    static List<History> filled(List<History> history) {
        String fill = null;
        boolean undatedSeen = false;
        for (History h : history) {
            if (h.created() == null) {
                undatedSeen = true;
            } else {
                fill = h.created();
                if (undatedSeen) {
                    break;
                }
            }
        }
        List<History> out = new ArrayList<>(history.size());
        undatedSeen = false;
        for (History h : history) {
            if (h.created() != null) {
                if (undatedSeen) {
                    fill = h.created();
                }
                out.add(h);
            } else {
                undatedSeen = true;
                out.add(new History(fill, h.createdBy(), h.author(), h.comment(), h.emptyLayer(), h.extra()));
            }
        }
        return out;
    }

    /** The image's own date: its last history entry's. */
    static Optional<String> imageCreated(List<History> filled) {
        return filled.isEmpty() ? Optional.empty() : Optional.ofNullable(filled.get(filled.size() - 1).created());
    }
}
