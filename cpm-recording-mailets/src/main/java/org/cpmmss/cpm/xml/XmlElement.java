package org.cpmmss.cpm.xml;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, namespace-aware element of a parsed XML document (a small DOM built by {@link SafeXml}).
 *
 * @param namespace namespace URI, empty string when none
 * @param localName local name of the element
 * @param attributes attributes by local name (attributes in a namespace are keyed {@code {uri}local})
 * @param children child elements in document order
 * @param text the concatenated character data directly inside this element (not trimmed)
 */
public record XmlElement(String namespace, String localName, Map<String, String> attributes,
                         List<XmlElement> children, String text) {

    public XmlElement {
        attributes = Map.copyOf(attributes);
        children = List.copyOf(children);
    }

    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /** The first child with this local name (any namespace). */
    public Optional<XmlElement> child(String name) {
        return children.stream().filter(c -> c.localName.equals(name)).findFirst();
    }

    public List<XmlElement> childrenNamed(String name) {
        return children.stream().filter(c -> c.localName.equals(name)).toList();
    }

    /** Trimmed text of the first child with this local name. */
    public Optional<String> childText(String name) {
        return child(name).map(c -> c.text.trim());
    }
}
