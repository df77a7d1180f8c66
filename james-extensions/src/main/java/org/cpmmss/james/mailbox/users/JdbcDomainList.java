package org.cpmmss.james.mailbox.users;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.domainlist.lib.AbstractDomainList;

/**
 * The hosted domains in {@code JAMES_DOMAIN} of {@link JamesDatabase} (James's JPA domain list without OpenJPA):
 * names are stored as {@link Domain} spells them (lower case).
 */
public class JdbcDomainList extends AbstractDomainList {
    private final JamesDatabase database;

    @Inject
    public JdbcDomainList(DNSService dns, JamesDatabase database) {
        super(dns);
        this.database = database;
    }

    @Override
    protected List<Domain> getDomainListInternal() throws DomainListException {
        List<Domain> domains = new ArrayList<>();
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT DOMAIN_NAME FROM JAMES_DOMAIN");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                domains.add(Domain.of(rs.getString(1)));
            }
        } catch (SQLException e) {
            throw new DomainListException("Unable to retrieve domains", e);
        }
        return List.copyOf(domains);
    }

    @Override
    protected boolean containsDomainInternal(Domain domain) throws DomainListException {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM JAMES_DOMAIN WHERE DOMAIN_NAME = ?")) {
            ps.setString(1, domain.asString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new DomainListException("Unable to retrieve domains", e);
        }
    }

    @Override
    public void addDomain(Domain domain) throws DomainListException {
        if (containsDomainInternal(domain)) {
            throw new DomainListException(domain.name() + " already exists.");
        }
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO JAMES_DOMAIN (DOMAIN_NAME) VALUES (?)")) {
            ps.setString(1, domain.asString());
            ps.executeUpdate();
        } catch (SQLException e) {
            if (containsDomainInternal(domain)) { // added meanwhile by another request (or node)
                throw new DomainListException(domain.name() + " already exists.");
            }
            throw new DomainListException("Unable to add domain " + domain.name(), e);
        }
    }

    @Override
    protected void doRemoveDomain(Domain domain) throws DomainListException {
        int removed;
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM JAMES_DOMAIN WHERE DOMAIN_NAME = ?")) {
            ps.setString(1, domain.asString());
            removed = ps.executeUpdate();
        } catch (SQLException e) {
            throw new DomainListException("Unable to remove domain " + domain.name(), e);
        }
        if (removed == 0) {
            throw new DomainListException(domain.name() + " was not found.");
        }
    }
}
