@live
Feature: Live tenant: reachability and authentication
  The suite talks to a tenant only after SoPrincipal's GetSystemInfo answered, then gets a ticket:
  the one given in the environment, or one from AuthenticateUsernamePassword.

  @observation
  Scenario: The tenant answers GetSystemInfo
    When the live suite asks the tenant for its system information
    Then the live tenant reports its NetServer version
    And the live outcome is recorded as an observation

  @suite
  Scenario: The suite obtains a ticket
    When the live suite obtains a ticket
    Then the live suite holds a ticket

  @emulated @suite
  Scenario: A failed login says so plainly
    When the live suite logs in with a wrong password
    Then the live call fails with a "login-failed" error naming "login failed for user"
