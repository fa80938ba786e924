import sys

from pact import Pact, match

out, spec = sys.argv[1], sys.argv[2]
pact = Pact("ppy-consumer", "demo-provider").with_specification(spec)
(
    pact.upon_receiving("a request for user 123")
    .given("user 123 exists", id=123)
    .with_request("GET", "/users/123")
    .with_header("Accept", "application/json")
    .will_respond_with(200)
    .with_header("Content-Type", "application/json")
    .with_body(
        {
            "id": match.int(123),
            "name": match.like("Alice"),
            "email": match.regex("alice@example.com", regex=r"^[^@]+@[^@]+\.[a-z]+$"),
        },
        content_type="application/json",
    )
)
(
    pact.upon_receiving("a request for all users")
    .given("some users exist")
    .with_request("GET", "/users")
    .with_query_parameter("active", "true")
    .will_respond_with(200)
    .with_body(
        {"users": match.each_like({"id": match.int(1), "name": match.str("Alice")}, min=1)},
        content_type="application/json",
    )
)
(
    pact.upon_receiving("create a user")
    .with_request("POST", "/users")
    .with_body({"name": match.str("Bob")}, content_type="application/json")
    .will_respond_with(201)
    .with_body({"id": match.int(2)}, content_type="application/json")
)
pact.write_file(out, overwrite=True)
