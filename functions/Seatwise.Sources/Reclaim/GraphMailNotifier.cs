using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Users.Item.SendMail;
using Seatwise.Core.Reclaim;

namespace Seatwise.Sources.Reclaim;

/// <summary>
/// Reclaim notices by e-mail from a configured mailbox: <c>POST /users/{mailbox}/sendMail</c> (application
/// permission <c>Mail.Send</c>, which an Exchange application access policy should limit to that one mailbox).
/// </summary>
public sealed class GraphMailNotifier(GraphServiceClient client, string? mailbox) : IReclaimNotifier
{
    public bool IsConfigured => !string.IsNullOrWhiteSpace(mailbox);

    public string Channel => $"POST /users/{mailbox}/sendMail";

    public async Task SendAsync(ReclaimNoticeMessage message, CancellationToken cancellationToken)
    {
        if (!IsConfigured)
        {
            throw new InvalidOperationException("Reclaim__NoticeMailbox is not set: no mailbox to send notices from.");
        }

        await client.Users[mailbox].SendMail.PostAsync(new SendMailPostRequestBody
        {
            Message = new Message
            {
                Subject = message.Subject,
                Body = new ItemBody { ContentType = BodyType.Html, Content = message.Html },
                ToRecipients = [new Recipient { EmailAddress = new EmailAddress { Address = message.To } }],
            },
            SaveToSentItems = false,
        }, cancellationToken: cancellationToken);
    }
}
