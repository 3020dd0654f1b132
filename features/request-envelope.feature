@ENV
Feature: The request envelope: the SOAP version of the profile, and names that must not matter
  The WSDL binds DeleteChatSessions to SOAP 1.1 (BasicHttpBinding). Under the `wsdl` profile the
  envelope is in the SOAP 1.1 namespace; the `soap12` profile carries the same contract in SOAP 1.2,
  for gateways that re-bind it. Which prefixes a client writes, and whether it uses a default
  namespace, is its own business: only namespace names count, so every variant below is answered
  the same way.

  @ENV-001 @OP-002
  Scenario Outline: A conformant request under the <profile> profile is answered with success
    Given the "<profile>" profile
    And a conformant DeleteChatSessions request
    Then the request conforms
    And in the request, "/<env>:Envelope" exists
    And in the request Header, "so:Credentials/so:Ticket" exists
    And in the request Body, "so:DeleteChatSessions/so:Ids/arr:int" selects 1 node
    When the request is sent to the target
    Then the call succeeded
    And in the response Body, "so:DeleteChatSessionsResponse" exists

    Examples:
      | profile | env |
      | wsdl    | s11 |
      | soap12  | s12 |

  @ENV-001
  Scenario Outline: An envelope in the other SOAP version's namespace is refused under <profile>
    Given the "<profile>" profile
    And a conformant DeleteChatSessions request
    And the envelope is in the SOAP "<version>" namespace
    Then the request violates ENV-001
    And the violation of ENV-001 is located at "Envelope"

    Examples:
      | profile | version |
      | wsdl    | 1.2     |
      | soap12  | 1.1     |

  @ENV-001 @OP-002 @IDS-003
  Scenario Outline: Prefixes are the sender's choice: envelope "<envelope>", service "<service>", Arrays "<arrays>"
    Given a conformant DeleteChatSessions request
    And the envelope prefix is "<envelope>"
    And the service prefix is "<service>"
    And the Arrays prefix is "<arrays>"
    And the request's Ids are 11, 12
    Then the request conforms
    And in the request Body, "so:DeleteChatSessions/so:Ids/arr:int" selects 2 nodes
    When the request is sent to the target
    Then the call succeeded

    Examples:
      | envelope | service             | arrays |
      | soap     | so                  | arr    |
      | s        | CustomerService     | a      |
      | SOAP-ENV | ns1                 | q1     |
      | soapenv  | (default namespace) | arr    |

  @XML-001 @ENV-001
  Scenario: Neither an XML declaration nor whitespace between elements is needed
    Given a conformant DeleteChatSessions request
    And the request has no XML declaration and no whitespace between elements
    Then the request conforms
    When the request is sent to the target
    Then the call succeeded

  @OP-002
  Scenario: The operation element must be in the service namespace, whatever its prefix
    Given a conformant DeleteChatSessions request
    And the operation element is in namespace "urn:example:not-the-service"
    Then the request violates OP-002
    And in the request Body, "so:DeleteChatSessions" selects nothing

  Scenario Outline: The envelope's structure: <damage> is refused by <rule>
    Given a conformant DeleteChatSessions request
    And <step>
    Then the request violates <rule>
    And the violation of <rule> is located at "<path>"

    @ENV-002
    Examples:
      | damage              | step                         | rule    | path             |
      | a second Body       | the Body appears twice       | ENV-002 | Envelope › Body[2] |

    @ENV-003
    Examples:
      | damage              | step                         | rule    | path             |
      | Header after Body   | the Header comes after the Body | ENV-003 | Envelope › Header |

    @ENV-004
    Examples:
      | damage              | step                         | rule    | path             |
      | an element after Body | an element follows the Body | ENV-004 | Envelope › Trailer |

    @ENV-007
    Examples: the binding is document/literal
      | damage              | step                                              | rule    | path     |
      | SOAP encoding       | the Envelope carries a SOAP encodingStyle attribute | ENV-007 | Envelope |

    @ENV-008
    Examples:
      | damage              | step                                              | rule    | path            |
      | text in Body        | the Body holds the text "stray" before the operation | ENV-008 | Envelope › Body |

    @OP-001
    Examples:
      | damage                    | step                                          | rule   | path                    |
      | a second element in Body  | a second element follows the operation in the Body | OP-001 | Envelope › Body › Audit |

    @OP-003
    Examples:
      | damage                    | step                                         | rule   | path                                      |
      | an undeclared child       | the operation element holds an undeclared child | OP-003 | Envelope › Body › DeleteChatSessions › Force |

    @OP-004
    Examples: what no specific rule names, the WSDL's own schema (libxml2) still catches
      | damage                    | step                                                    | rule   | path                                           |
      | an undeclared attribute   | the first int item carries the undeclared attribute "weight" | OP-004 | Envelope › Body › DeleteChatSessions › Ids › int |
