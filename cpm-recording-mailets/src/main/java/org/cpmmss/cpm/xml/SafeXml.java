package org.cpmmss.cpm.xml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;

import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Hardened XML parsing for every XML body of the CPM formats: no DOCTYPE (hence no DTD, no internal or
 * external entities), no XInclude, no external access, bounded size and element depth. The result is a
 * small immutable tree of {@link XmlElement}.
 */
public final class SafeXml {
    /** Default maximum document size: 1 MiB. */
    public static final int DEFAULT_MAX_BYTES = 1024 * 1024;
    /** Default maximum element nesting depth. */
    public static final int DEFAULT_MAX_DEPTH = 32;

    private static final SafeXml DEFAULT = new SafeXml(DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH);

    private final int maxBytes;
    private final int maxDepth;
    private final SAXParserFactory factory;

    public SafeXml(int maxBytes, int maxDepth) {
        if (maxBytes <= 0 || maxDepth <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxBytes = maxBytes;
        this.maxDepth = maxDepth;
        this.factory = hardenedFactory();
    }

    /** A parser with the default limits (1 MiB, depth 32). */
    public static SafeXml defaults() {
        return DEFAULT;
    }

    public int maxBytes() {
        return maxBytes;
    }

    public int maxDepth() {
        return maxDepth;
    }

    private static SAXParserFactory hardenedFactory() {
        SAXParserFactory f = SAXParserFactory.newInstance();
        f.setNamespaceAware(true);
        f.setValidating(false);
        f.setXIncludeAware(false);
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK XML parser cannot be hardened", e);
        }
        return f;
    }

    public XmlElement parse(String xml) throws XmlRejectedException {
        return parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a document, refusing DTDs, entities, oversized and too deeply nested documents. */
    public XmlElement parse(byte[] xml) throws XmlRejectedException {
        if (xml.length > maxBytes) {
            throw new XmlTooLargeException("XML document too large: " + xml.length + " bytes, limit " + maxBytes);
        }
        if (xml.length == 0) {
            throw new XmlRejectedException("XML document is empty");
        }
        String ascii = new String(xml, StandardCharsets.ISO_8859_1);
        if (ascii.contains("<!DOCTYPE") || ascii.contains("<!ENTITY")) {
            throw new XmlRejectedException("XML document refused: DOCTYPE/DTD and entity declarations are not allowed");
        }
        SAXParser parser;
        try {
            parser = factory.newSAXParser();
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("cannot create a hardened XML parser", e);
        }
        TreeBuilder builder = new TreeBuilder(maxDepth);
        InputSource source = new InputSource(new ByteArrayInputStream(xml));
        try {
            parser.parse(source, builder);
        } catch (DepthExceeded e) {
            throw new XmlRejectedException("XML document nested too deeply (limit " + maxDepth + " elements)");
        } catch (SAXParseException e) {
            throw new XmlRejectedException(describe(e), e);
        } catch (SAXException e) {
            throw new XmlRejectedException("malformed XML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new XmlRejectedException("unreadable XML (bad encoding?): " + e.getMessage(), e);
        }
        if (builder.root == null) {
            throw new XmlRejectedException("XML document has no root element");
        }
        return builder.root;
    }

    private static String describe(SAXParseException e) {
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("DOCTYPE") || msg.contains("entity") || msg.contains("Entity")) {
            return "XML document refused: DTDs and entities are not allowed (" + msg + ")";
        }
        return "malformed XML at line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + msg;
    }

    private static final class DepthExceeded extends SAXException {
        private static final long serialVersionUID = 1L;

        DepthExceeded() {
            super("depth exceeded");
        }
    }

    private static final class Pending {
        final String ns;
        final String name;
        final Map<String, String> attrs;
        final List<XmlElement> children = new ArrayList<>();
        final StringBuilder text = new StringBuilder();

        Pending(String ns, String name, Map<String, String> attrs) {
            this.ns = ns;
            this.name = name;
            this.attrs = attrs;
        }
    }

    private static final class TreeBuilder extends DefaultHandler {
        private final int maxDepth;
        private final Deque<Pending> stack = new ArrayDeque<>();
        private XmlElement root;

        TreeBuilder(int maxDepth) {
            this.maxDepth = maxDepth;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) throws SAXException {
            if (stack.size() >= maxDepth) {
                throw new DepthExceeded();
            }
            Map<String, String> attrs = new LinkedHashMap<>();
            for (int i = 0; i < attributes.getLength(); i++) {
                String ans = attributes.getURI(i);
                String an = attributes.getLocalName(i);
                if (an == null || an.isEmpty()) {
                    an = attributes.getQName(i);
                }
                attrs.put(ans == null || ans.isEmpty() ? an : "{" + ans + "}" + an, attributes.getValue(i));
            }
            String name = localName == null || localName.isEmpty() ? qName : localName;
            stack.push(new Pending(uri == null ? "" : uri, name, attrs));
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            Pending p = stack.pop();
            XmlElement e = new XmlElement(p.ns, p.name, p.attrs, p.children, p.text.toString());
            if (stack.isEmpty()) {
                root = e;
            } else {
                stack.peek().children.add(e);
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (!stack.isEmpty()) {
                stack.peek().text.append(ch, start, length);
            }
        }

        @Override
        public InputSource resolveEntity(String publicId, String systemId) throws SAXException {
            throw new SAXException("external entity refused: " + systemId);
        }
    }
}
