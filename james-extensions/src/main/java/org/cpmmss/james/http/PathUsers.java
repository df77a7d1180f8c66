package org.cpmmss.james.http;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;

import spark.Request;

/** The user a {@code /cpm/v1/users/:user/…} path names, as RFC 7807 problems when it is not a user here. */
public class PathUsers {
    private final UsersRepository usersRepository;

    @Inject
    public PathUsers(UsersRepository usersRepository) {
        this.usersRepository = usersRepository;
    }

    /** The {@code :user} of the path (404 when it is not an account name). */
    public static Username of(Request request) {
        try {
            return Username.of(request.params(":user"));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound("'" + request.params(":user") + "' is not a valid account name.");
        }
    }

    /** {@code user} when it is a user of this server: 404 when not, 503 when the user directory fails. */
    public Username existing(Username user) {
        try {
            if (!usersRepository.contains(user)) {
                throw ApiProblem.notFound("There is no user " + user.asString() + " on this server.");
            }
        } catch (UsersRepositoryException e) {
            throw ApiProblem.unavailable("The user repository is unavailable; try again.");
        }
        return user;
    }
}
