package org.cpmmss.james.plumbing.archfixture;

import org.cpmmss.james.server.archfixture.AssemblyFixture;

/** ArchitectureTest's fixture (test code only): plumbing reaching up into the assembly, which reaches back. */
public class PlumbingReachingUp {
    AssemblyFixture assembly;
}
