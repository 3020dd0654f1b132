"""DeleteChatSessions through Python zeep, the way an integrator writes it: a client generated from
the served WSDL, headers passed as _soapheaders, ids as the ArrayOfint the WSDL declares.

usage: zeep_client.py WSDL_URL [default|fixed]   (token and ticket from SO_APP_TOKEN / SO_TICKET)
Prints one JSON line: what the client saw (a response or a Fault)."""
import json
import os
import sys

import zeep
from zeep.exceptions import Fault

wsdl = sys.argv[1]
mode = sys.argv[2] if len(sys.argv) > 2 else "default"
client = zeep.Client(wsdl)
headers = {
    "ApplicationToken": os.environ["SO_APP_TOKEN"],
    "Credentials": {"Ticket": os.environ["SO_TICKET"]},
}
try:
    result = client.service.DeleteChatSessions(Ids={"int": [1, 2, 3]}, _soapheaders=headers)
    header = result.header
    out = {"outcome": "response", "succeeded": header.Succeeded}
    if header.ExceptionInfo is not None and header.ExceptionInfo.ExceptionType:
        out["exceptionType"] = header.ExceptionInfo.ExceptionType
    print(json.dumps(out))
except Fault as f:
    print(json.dumps({"outcome": "fault", "faultcode": str(f.code), "faultstring": f.message}))
except Exception as e:  # an HTTP-level refusal (415, 413) surfaces as a transport error
    print(json.dumps({"outcome": "error", "error": f"{type(e).__name__}: {e}"[:300]}))
