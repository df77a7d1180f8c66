package org.cpmmss.james.http.archfixture;

import org.cpmmss.james.sip.archfixture.SipDoorFixture;

/** ArchitectureTest's fixture (test code only): one door importing another. */
public class HttpDoorFixture {
    SipDoorFixture sip;
}
