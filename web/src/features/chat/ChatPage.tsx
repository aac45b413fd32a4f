import { Page } from '../../components/Page';
import { DirectorySearch } from './DirectorySearch';

/**
 * The chat view. Its left column holds what works today, the people
 * directory; conversations and messages join it as the server gains them.
 */
export function ChatPage() {
  return (
    <Page title="Chat">
      <div className="chat">
        <aside className="chat__side" aria-label="Chat navigation">
          <DirectorySearch />
        </aside>
      </div>
    </Page>
  );
}
