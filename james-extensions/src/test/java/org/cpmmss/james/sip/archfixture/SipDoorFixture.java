package org.cpmmss.james.sip.archfixture;

/** ArchitectureTest's fixture (test code only): a door's class. */
public class SipDoorFixture {
}
