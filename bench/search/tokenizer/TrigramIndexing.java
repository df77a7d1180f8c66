import java.io.*; import java.util.*;
import org.apache.lucene.analysis.*; import org.apache.lucene.document.*; import org.apache.lucene.index.*;
import org.apache.lucene.store.*; import org.apache.lucene.util.Version;
import org.cpmmss.james.search.text.TrigramTokenizer;
/** Indexing cost of a DOCS_ONLY trigram field, every occurrence or each distinct trigram once: TrigramIndexing DISTINCT NATURAL DOCS (bench/search/tokenizer/run.sh). */
public class TrigramIndexing {
  static String text(Random r, boolean natural){ StringBuilder b=new StringBuilder();
    String[] W="the of and to a in is you that it he was for on are as with his they I at be this have from or one had by word but not what all were we when your can said there use an each which she do how their if will up other about out many then them these so some her would make like him into time has look two more write go see number no way could people my than first water been call who oil its now find long down day did get come made may part".split(" ");
    while(b.length()<950){ if(natural){b.append(W[r.nextInt(W.length)]).append(' ');} else {int n=1+r.nextInt(9); for(int i=0;i<n;i++) b.append((char)('a'+r.nextInt(26))); b.append(' ');} }
    return b.substring(0,950);}
  public static void main(String[] a) throws Exception {
    boolean distinct=Boolean.parseBoolean(a[0]); boolean natural=Boolean.parseBoolean(a[1]); int n=Integer.parseInt(a[2]);
    Analyzer an=new Analyzer(){ public TokenStream tokenStream(String f, Reader r){ return new TrigramTokenizer(r, distinct);} };
    for(int round=0; round<6; round++){
      IndexWriter w=new IndexWriter(new RAMDirectory(), new IndexWriterConfig(Version.LUCENE_36, an));
      Random r=new Random(round); List<String> docs=new ArrayList<>(); for(int i=0;i<n;i++) docs.add(text(r,natural));
      long t0=System.nanoTime();
      for(String d: docs){ Document doc=new Document(); Field f=new Field("b", d, Field.Store.NO, Field.Index.ANALYZED_NO_NORMS); f.setIndexOptions(FieldInfo.IndexOptions.DOCS_ONLY); doc.add(f); w.addDocument(doc);} w.commit();
      long t1=System.nanoTime(); w.close();
      System.out.printf("distinct=%s natural=%s round %d: %.1f us/doc%n", distinct, natural, round, (t1-t0)/1e3/n);
    }
  }
}
