@XML
Feature: Bad XML gets a located violation, never a crash
  Whatever arrives (a cut-off body, an empty one, a DTD, a lying encoding declaration, an unbound
  prefix), the catalogue answers with a rule, a line and a column. A DTD is refused before anything
  it declares is expanded: SOAP 1.1 §3 forbids it, and expanding entities is how billion-laughs and
  XXE attacks work.

  Background:
    Given a conformant DeleteChatSessions request

  Scenario Outline: <damage> is refused by <rule>
    Given <step>
    Then the request violates <rule>
    And the request violates nothing but <rule>

    @XML-001
    Examples: not well-formed
      | damage               | step                                    | rule    |
      | A cut-off request    | the request is cut off after 200 bytes  | XML-001 |

    @XML-002
    Examples: not namespace-well-formed
      | damage               | step                                          | rule    |
      | An unbound prefix    | the declaration of the "arr" prefix is removed | XML-002 |

    @XML-003
    Examples: an encoding declaration that lies
      | damage               | step                                                                       | rule    |
      | UTF-16 declared      | the XML declaration names the encoding "utf-16" while the bytes are UTF-8     | XML-003 |
      | ISO-8859-1 declared  | the XML declaration names the encoding "iso-8859-1" while the bytes are UTF-8 | XML-003 |

    @XML-004
    Examples: a DTD
      | damage               | step                                                                          | rule    |
      | A DOCTYPE            | a DOCTYPE declaring an entity is put before the envelope, and the entity used as an id | XML-004 |

    @XML-005
    Examples: a processing instruction
      | damage               | step                                        | rule    |
      | A PI                 | a processing instruction is put before the envelope | XML-005 |

    @XML-006
    Examples: past the parser's limits
      | damage               | step                                      | rule    |
      | Nesting 80 deep      | a header block nested 80 elements deep    | XML-006 |

    @XML-007
    Examples: nothing at all
      | damage               | step                       | rule    |
      | An empty body        | the request body is empty  | XML-007 |

  @XML-004
  Scenario: A DTD is refused where it starts, before its entity is expanded
    Given a DOCTYPE declaring an entity is put before the envelope, and the entity used as an id
    Then the request violates XML-004
    And the violation of XML-004 is at line 2, column 1
