package org.cpmmss.james.mailbox.users;

import javax.inject.Inject;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.user.lib.UsersRepositoryImpl;

/**
 * James's users repository over {@link JdbcUsersDao}: the accounts of {@code JAMES_USER} without OpenJPA, configured by
 * {@code usersrepository.xml} as James's JPA one ({@code algorithm}, {@code enableVirtualHosting}, ...).
 */
public class JdbcUsersRepository extends UsersRepositoryImpl<JdbcUsersDao> {
    @Inject
    public JdbcUsersRepository(DomainList domainList, JamesDatabase database) {
        super(domainList, new JdbcUsersDao(database));
    }

    @Override
    public void configure(HierarchicalConfiguration<ImmutableNode> configuration) throws ConfigurationException {
        usersDAO.setAlgorithm(configuration.getString("algorithm", "PBKDF2"));
        super.configure(configuration);
    }
}
