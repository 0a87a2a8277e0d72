import type { Metadata } from 'next';
import { AskForm, TeachForm, UploadForm } from '@/components/seer-forms';
import { Card, PageHeader } from '@/components/ui';

export const metadata: Metadata = { title: 'Seer' };

export default function SeerPage() {
  return (
    <>
      <PageHeader title="Seer">
        Seer learns every event, every statement you teach it and every document you upload, and
        answers questions with the sources it used. When it knows nothing relevant, it says so.
      </PageHeader>
      <div className="grid gap-6 lg:grid-cols-[3fr_2fr]">
        <Card title="Ask" labelledBy="ask-title">
          <AskForm />
        </Card>
        <div className="flex flex-col gap-6">
          <Card title="Teach a statement" labelledBy="teach-title">
            <TeachForm />
          </Card>
          <Card title="Upload a document" labelledBy="upload-title">
            <UploadForm />
          </Card>
        </div>
      </div>
    </>
  );
}
