package org.cpmmss.james.mailbox.users;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.mailrepository.api.MailRepositoryUrlStore;

/**
 * The mail repositories the server has used ({@code JAMES_MAIL_REPOS} of {@link JamesDatabase}, as James's JPA URL
 * store keeps them), listed by WebAdmin's {@code /mailRepositories} across restarts.
 */
public class JdbcMailRepositoryUrlStore implements MailRepositoryUrlStore {
    private final JamesDatabase database;

    @Inject
    public JdbcMailRepositoryUrlStore(JamesDatabase database) {
        this.database = database;
    }

    @Override
    public void add(MailRepositoryUrl url) {
        if (contains(url)) {
            return;
        }
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO JAMES_MAIL_REPOS (MAIL_REPO_NAME) VALUES (?)")) {
            ps.setString(1, url.asString());
            ps.executeUpdate();
        } catch (SQLException e) {
            if (!contains(url)) { // not added meanwhile by another caller
                throw new IllegalStateException("cannot record the mail repository " + url.asString(), e);
            }
        }
    }

    @Override
    public Stream<MailRepositoryUrl> listDistinct() {
        List<MailRepositoryUrl> urls = new ArrayList<>();
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT MAIL_REPO_NAME FROM JAMES_MAIL_REPOS");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                urls.add(MailRepositoryUrl.from(rs.getString(1)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list the mail repositories", e);
        }
        return urls.stream().distinct();
    }

    @Override
    public boolean contains(MailRepositoryUrl url) {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM JAMES_MAIL_REPOS WHERE MAIL_REPO_NAME = ?")) {
            ps.setString(1, url.asString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the mail repositories", e);
        }
    }
}
