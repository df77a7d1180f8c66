package org.cpmmss.recording.archfixture;

import java.sql.Connection;

/** ArchitectureTest's fixture (test code only): a pipeline step holding a JDBC type instead of a port. */
public class StepUsingJdbc {
    Connection connection;
}
