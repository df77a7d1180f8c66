package org.cpmmss.james.mailbox.users;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.rrt.api.RecipientRewriteTableException;
import org.apache.james.rrt.lib.AbstractRecipientRewriteTable;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.rrt.lib.Mappings;
import org.apache.james.rrt.lib.MappingsImpl;

import com.google.common.base.Preconditions;

/**
 * The recipient rewrites (aliases, forwards, domain mappings) in {@code JAMES_RECIPIENT_REWRITE} of
 * {@link JamesDatabase}, James's JPA table without OpenJPA: one row per source (user and domain, {@code *} for a
 * wildcard), its mappings serialized in {@code TARGET_ADDRESS}. A user's own row wins over its domain's.
 */
public class JdbcRecipientRewriteTable extends AbstractRecipientRewriteTable {
    private final JamesDatabase database;

    @Inject
    public JdbcRecipientRewriteTable(JamesDatabase database) {
        this.database = database;
    }

    @Override
    public void addMapping(MappingSource source, Mapping mapping) throws RecipientRewriteTableException {
        Mappings stored = getStoredMappings(source);
        if (stored.isEmpty()) {
            write("INSERT INTO JAMES_RECIPIENT_REWRITE (TARGET_ADDRESS, USER_NAME, DOMAIN_NAME) VALUES (?, ?, ?)",
                source, mapping.asString());
        } else {
            write("UPDATE JAMES_RECIPIENT_REWRITE SET TARGET_ADDRESS = ? WHERE USER_NAME = ? AND DOMAIN_NAME = ?",
                source, MappingsImpl.from(stored).add(mapping).build().serialize());
        }
    }

    @Override
    public void removeMapping(MappingSource source, Mapping mapping) throws RecipientRewriteTableException {
        Mappings stored = getStoredMappings(source);
        if (stored.size() > 1) {
            write("UPDATE JAMES_RECIPIENT_REWRITE SET TARGET_ADDRESS = ? WHERE USER_NAME = ? AND DOMAIN_NAME = ?",
                source, stored.remove(mapping).serialize());
        } else {
            write("DELETE FROM JAMES_RECIPIENT_REWRITE WHERE TARGET_ADDRESS = ? AND USER_NAME = ? AND DOMAIN_NAME = ?",
                source, mapping.asString());
        }
    }

    @Override
    protected Mappings mapAddress(String user, Domain domain) throws RecipientRewriteTableException {
        Mappings own = getStoredMappings(MappingSource.fromUser(user, domain));
        if (!own.isEmpty()) {
            return own;
        }
        return getStoredMappings(MappingSource.fromDomain(domain));
    }

    @Override
    public Mappings getStoredMappings(MappingSource source) throws RecipientRewriteTableException {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement(
                 "SELECT TARGET_ADDRESS FROM JAMES_RECIPIENT_REWRITE WHERE USER_NAME = ? AND DOMAIN_NAME = ?")) {
            ps.setString(1, source.getFixedUser());
            ps.setString(2, source.getFixedDomain());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? MappingsImpl.fromRawString(rs.getString(1)) : MappingsImpl.empty();
            }
        } catch (SQLException e) {
            throw new RecipientRewriteTableException("Error while retrieve mappings", e);
        }
    }

    @Override
    public Map<MappingSource, Mappings> getAllMappings() throws RecipientRewriteTableException {
        Map<MappingSource, Mappings> all = new HashMap<>();
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement(
                 "SELECT USER_NAME, DOMAIN_NAME, TARGET_ADDRESS FROM JAMES_RECIPIENT_REWRITE");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                all.put(MappingSource.fromUser(rs.getString(1), rs.getString(2)),
                    MappingsImpl.fromRawString(rs.getString(3)));
            }
        } catch (SQLException e) {
            throw new RecipientRewriteTableException("Error while retrieve mappings", e);
        }
        return all;
    }

    @Override
    public Stream<MappingSource> listSources(Mapping mapping) throws RecipientRewriteTableException {
        Preconditions.checkArgument(listSourcesSupportedType.contains(mapping.getType()),
            "Not supported mapping of type %s", mapping.getType());
        List<MappingSource> sources = new ArrayList<>();
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement(
                 "SELECT USER_NAME, DOMAIN_NAME FROM JAMES_RECIPIENT_REWRITE WHERE TARGET_ADDRESS = ?")) {
            ps.setString(1, mapping.asString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sources.add(MappingSource.fromUser(rs.getString(1), rs.getString(2)));
                }
            }
        } catch (SQLException e) {
            throw new RecipientRewriteTableException("Unable to list sources by mapping", e);
        }
        return sources.stream();
    }

    /** {@code sql} with its parameters in the order target, user, domain. */
    private void write(String sql, MappingSource source, String target) throws RecipientRewriteTableException {
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, target);
            ps.setString(2, source.getFixedUser());
            ps.setString(3, source.getFixedDomain());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new RecipientRewriteTableException("Unable to write mapping", e);
        }
    }
}
