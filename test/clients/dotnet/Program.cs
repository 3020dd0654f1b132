// The .NET row of the real-client matrix: Microsoft's WCF client (System.ServiceModel.Http and
// .Primitives 10.1.0 from NuGet). Contract.g.cs holds what "Add Service Reference" generates for
// serve's ?wsdl (test/wcf/source.ts contractSource: [ServiceContract], [MessageContract] request and
// response with [MessageHeader] members, SoCredentials/SoTimeZone data contracts). Variants:
//   msgcontract  the generated message contract: headers are members of the request
//   scope        a contract without header members (as after svcutil drops them, or written by hand)
//                plus OperationContextScope + MessageHeader.CreateHeader, with a hand-written
//                [DataContract] credentials class that has no Namespace (the easy mistake)
//   scope-fixed  the same with [DataContract(Namespace = <service namespace>)]
// Usage: dotnet client.dll <endpoint url> <variant>; token and ticket from SO_APP_TOKEN / SO_TICKET.
// Prints one JSON line.
using System;
using System.Runtime.Serialization;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.Text;

[ServiceContract(Name = Contract.Service, Namespace = Contract.Ns)]
public interface IPlainCustomerService {
  [OperationContract(Action = Contract.Action, ReplyAction = Contract.ReplyAction)]
  void DeleteChatSessions(int[] Ids);
}

[DataContract(Name = "SoCredentials")]
public class LooseCredentials { [DataMember] public string Ticket; }

[DataContract(Name = "SoCredentials", Namespace = Contract.Ns)]
public class QualifiedCredentials { [DataMember] public string Ticket; }

public static class Program {

  public static int Main(string[] args) {
    string url = args[0], variant = args[1];
    string token = Environment.GetEnvironmentVariable("SO_APP_TOKEN");
    string ticket = Environment.GetEnvironmentVariable("SO_TICKET");
    var binding = new BasicHttpBinding();
    var address = new EndpointAddress(url);
    try {
      if (variant == "msgcontract") {
        var channel = new ChannelFactory<ICustomerService>(binding, address).CreateChannel();
        var request = new DeleteChatSessionsRequest { ApplicationToken = token, Credentials = new SoCredentials { Ticket = ticket }, Ids = new[] { 1, 2, 3 } };
        var response = channel.DeleteChatSessions(request);
        Console.WriteLine("{\"outcome\":\"response\",\"succeeded\":" + (response.Succeeded ? "true" : "false") + "}");
      } else {
        var factory = new ChannelFactory<IPlainCustomerService>(binding, address);
        var channel = factory.CreateChannel();
        using (new OperationContextScope((IContextChannel)channel)) {
          var headers = OperationContext.Current.OutgoingMessageHeaders;
          headers.Add(MessageHeader.CreateHeader("ApplicationToken", Contract.Ns, token));
          object creds = variant == "scope-fixed" ? new QualifiedCredentials { Ticket = ticket } : new LooseCredentials { Ticket = ticket };
          headers.Add(MessageHeader.CreateHeader("Credentials", Contract.Ns, creds));
          channel.DeleteChatSessions(new[] { 1, 2, 3 });
          // Inside the scope, IncomingMessageHeaders are the reply's (the response header Succeeded).
          var incoming = OperationContext.Current.IncomingMessageHeaders;
          int at = incoming == null ? -1 : incoming.FindHeader("Succeeded", Contract.Ns);
          string succeeded = at < 0 ? "null" : (incoming.GetHeader<bool>(at) ? "true" : "false");
          Console.WriteLine("{\"outcome\":\"response\",\"succeeded\":" + succeeded + "}");
        }
      }
    } catch (FaultException fe) {
      var t = fe.GetType();
      string detailType = t.IsGenericType ? t.GetGenericArguments()[0].Name : "";
      var ed = fe as FaultException<ExceptionDetail>;
      string detailMessage = ed != null && ed.Detail != null ? ed.Detail.Message : null;
      Console.WriteLine("{\"outcome\":\"fault\",\"faultcode\":" + Json.Str(fe.Code == null ? null : fe.Code.Name) + ",\"faultstring\":" + Json.Str(fe.Message) + ",\"exception\":" + Json.Str(t.Name) + ",\"detailType\":" + Json.Str(detailType) + ",\"detailMessage\":" + Json.Str(detailMessage) + "}");
    } catch (Exception e) {
      if (Environment.GetEnvironmentVariable("SO_CLIENT_TRACE") == "1") Console.Error.WriteLine(e);
      Console.WriteLine("{\"outcome\":\"error\",\"exception\":" + Json.Str(e.GetType().FullName) + ",\"message\":" + Json.Str(e.Message) + "}");
    }
    return 0;
  }
}
