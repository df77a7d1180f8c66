package org.cpmmss.james.server.archfixture;

import org.cpmmss.james.plumbing.archfixture.PlumbingReachingUp;

/** ArchitectureTest's fixture (test code only): the assembly using plumbing, as it may. */
public class AssemblyFixture {
    PlumbingReachingUp plumbing;
}
